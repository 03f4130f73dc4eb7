/**
 * « Mon espace », her file and her data (issue 15 part B, ADR 0037) on the local stack: what she
 * sees (summaries and journal entries only when shared with her, her referral with the partner's
 * phone and hours, her plan), her comment read by the référent, her consents changed by her and
 * the survey that is then never sent, her export (ZIP: PDF + JSON counted against what was
 * created) and the same at the counter; another person's ids → 404; bad input → 400 naming each
 * field.
 */
import { PDFDocument } from 'pdf-lib';
import { strFromU8, unzipSync, unzlibSync } from 'fflate';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { surveysDispatchDeps } from '../../services/surveys/handlers/dispatch.deps';
import { resetSurveysSettings } from '../../services/surveys/surveys.settings';
import { makeDispatchDueSurveys } from '../../services/surveys/use-cases/sending.use-cases';
import { signLocalPersonToken } from '../../shared/auth/local-jwt';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { personKnownToParcours } from '../support/wait';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const gramat = user('agent.gramat');
const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const UNKNOWN_ID = '01KDVDZZZZZZZZZZZZZZZZZZZZ';

const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });
const asHer = (token: string, method: string, path: string, body?: unknown) => api.call(method, path, { token, body });
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const paths = (res: { body: { errors?: Array<{ path: string }> } }) => (res.body.errors ?? []).map((e) => e.path).sort();

let counter = 0;
async function newPerson(phone: string, smsSurveys = true) {
  counter++;
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName: `Espace${String.fromCharCode(97 + counter)}${counter}`,
    firstName: 'Élodie',
    birthDate: '1984-05-06',
    communeCode: '46042',
    phone,
    consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: smsSurveys, method: 'oral' } },
  });
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; lastName: string; firstName: string; version: number };
}

async function receive(personId: string, extra: Record<string, unknown> = {}) {
  const res = await call('agent.gramat', 'POST', '/api/receptions', {
    siteId: gramat.siteId,
    channel: 'site',
    personId,
    themes: ['numerique'],
    ...extra,
  });
  if (res.status !== 201) throw new Error(`reception: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version?: number };
}

async function surveySmsTo(phone: string): Promise<number> {
  const res = await call('pilote', 'GET', '/api/dev/outbox?channel=sms&limit=200');
  expect(res.status).toBe(200);
  return res.body.items.filter((i: { to: string; payload: { kind?: string } }) => i.to === phone && i.payload.kind === 'survey').length;
}

/** The PDF's streams, inflated, as Latin-1 text (where the drawn strings are). */
function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf);
  let text = '';
  let from = 0;
  for (;;) {
    const start = raw.indexOf('stream', from, 'latin1');
    if (start < 0) return text;
    const body = start + 'stream'.length + (raw[start + 6] === 0x0d ? 2 : 1);
    const end = raw.indexOf('endstream', body, 'latin1');
    try {
      text += Buffer.from(unzlibSync(raw.subarray(body, end))).toString('latin1');
    } catch {
      // not a compressed stream
    }
    from = end + 'endstream'.length;
  }
}

async function deliverDueSurveys() {
  await stack.drain();
  await makeDispatchDueSurveys(surveysDispatchDeps).execute();
  await stack.drain();
}

beforeAll(async () => {
  process.env.RELAIS_SURVEY_DELAY_MINUTES = '0';
  process.env.RELAIS_SMS_QUIET_HOURS = 'off';
  process.env.RELAIS_SMS_QUIET_DAYS = 'off';
  process.env.RELAIS_SMS_MONTHLY_BUDGET = '1000';
  resetSurveysSettings();
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'ts.figeac', 'partenaire.caf', 'pilote']) {
    tokens[u] = await api.token(u);
    ids[u] = (await call(u, 'GET', '/api/me')).body.id;
  }
  await stack.drain();
});

afterAll(async () => {
  await stack?.stop();
  for (const k of ['RELAIS_SURVEY_DELAY_MINUTES', 'RELAIS_SMS_QUIET_HOURS', 'RELAIS_SMS_QUIET_DAYS', 'RELAIS_SMS_MONTHLY_BUDGET']) {
    delete process.env[k];
  }
  resetSurveysSettings();
});

describe('her file, her data', () => {
  let person: { id: string; lastName: string; firstName: string; version: number };
  let token: string;
  let otherToken: string;
  let parcoursId: string;
  let goalId: string;
  let actionId: string;
  let hiddenReception: { id: string; version?: number };
  const notes: Record<string, string> = {};

  beforeAll(async () => {
    person = await newPerson('06 22 33 44 01', false);
    token = await signLocalPersonToken(person.id);
    otherToken = await signLocalPersonToken((await newPerson('06 22 33 44 02', false)).id);
    hiddenReception = await receive(person.id, { summary: 'Note interne : situation fragile.', informationGiven: 'Horaires de la CAF.' });
    await receive(person.id, { summary: 'Dossier CAF à compléter ensemble.', summaryVisibleToPerson: true });
    const referral = await call('agent.gramat', 'POST', '/api/referrals', {
      toOrganisationId: caf.id,
      personId: person.id,
      themes: ['famille'],
      reason: 'Ouvrir ses droits',
      urgency: 'normal',
      liaisonNote: 'Première demande.',
    });
    expect(referral.status).toBe(201);
    await personKnownToParcours(person.id);
    const opened = await call('ts.figeac', 'POST', '/api/parcours', {
      personId: person.id,
      referentUserId: ids['ts.figeac'],
      agreement: { referentChosenByPerson: true, sharingAccepted: true, date: today(), method: 'written' },
    });
    expect(opened.status).toBe(201);
    parcoursId = opened.body.id;
    const goal = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/goals`, {
      title: 'Ouvrir les droits aux prestations familiales',
      actions: [{ label: 'Constituer le dossier CAF', ownerMemberId: opened.body.referentMemberId, dueDate: addDays(today(), 14) }],
    });
    expect(goal.status).toBe(201);
    goalId = goal.body.id;
    actionId = goal.body.actions[0].id;
    const journal = (body: Record<string, unknown>) => call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/journal`, body);
    expect((await journal({ text: 'Rendez-vous CAF fixé au 12.', visibleToPerson: true })).status).toBe(201);
    const between = await journal({ text: 'Note entre professionnels.' });
    expect(between.status).toBe(201);
    notes.between = between.body.id;
    const referentOnly = await journal({ text: 'Note pour le référent seul.', visibility: 'referent' });
    expect(referentOnly.status).toBe(201);
    notes.referentOnly = referentOnly.body.id;
    await stack.drain();
  });

  it('shows her receptions with the information given, and a summary only when it is shared with her', async () => {
    const res = await asHer(token, 'GET', '/api/me/person');
    expect(res.status).toBe(200);
    expect(res.body.person).toMatchObject({ id: person.id, lastName: person.lastName });
    expect(res.body.receptions).toHaveLength(2);
    const summaries = res.body.receptions.map((r: { summary?: string }) => r.summary).filter(Boolean);
    expect(summaries).toEqual(['Dossier CAF à compléter ensemble.']);
    expect(JSON.stringify(res.body)).not.toContain('situation fragile');
    expect(res.body.receptions.find((r: { informationGiven?: string }) => r.informationGiven)?.informationGiven).toBe(
      'Horaires de la CAF.',
    );
  });

  it('lets the professional correct the summary’s visibility, and she then sees it', async () => {
    const corrected = await call('agent.gramat', 'PATCH', `/api/receptions/${hiddenReception.id}`, {
      summaryVisibleToPerson: true,
      version: hiddenReception.version ?? 1,
      reason: 'Relu avec elle',
    });
    expect(corrected.status).toBe(200);
    const res = await asHer(token, 'GET', '/api/me/person');
    expect(JSON.stringify(res.body.receptions)).toContain('situation fragile');
  });

  it('shows her referral to the CAF with its status and the CAF’s address, phone and hours', async () => {
    const res = await asHer(token, 'GET', '/api/me/person');
    expect(res.body.referrals).toHaveLength(1);
    expect(res.body.referrals[0]).toMatchObject({ status: 'sent', organisationName: caf.name });
    expect(res.body.referrals[0].place).toMatchObject({ phone: '+33536490124' });
    expect(res.body.referrals[0].place.hours).toMatch(/lundi/);
  });

  it('shows her plan, her référent with the organisation, and only the journal entries shared with her', async () => {
    const res = await asHer(token, 'GET', '/api/me/person');
    expect(res.body.parcours).toHaveLength(1);
    const p = res.body.parcours[0];
    expect(p.referent).toMatchObject({ name: user('ts.figeac').name, organisationName: expect.any(String) });
    expect(p.goals[0]).toMatchObject({ id: goalId, actions: [{ id: actionId, label: 'Constituer le dossier CAF', status: 'todo' }] });
    expect(p.journal.map((e: { text: string }) => e.text)).toEqual(['Rendez-vous CAF fixé au 12.']);
    expect(res.body.appointments).toEqual([]);
  });

  it('lets the author or the référent show a note to her afterwards (or hide it again); never a note for the référent only', async () => {
    const path = (id: string) => `/api/parcours/${parcoursId}/journal/${id}`;
    expect((await call('partenaire.caf', 'PATCH', path(notes.between!), { visibleToPerson: true })).status).toBe(403);
    const refused = await call('ts.figeac', 'PATCH', path(notes.referentOnly!), { visibleToPerson: true });
    expect(refused.status).toBe(422);
    expect(paths(refused)).toEqual(['body.visibleToPerson']);
    expect((await call('ts.figeac', 'PATCH', path(UNKNOWN_ID), { visibleToPerson: true })).status).toBe(404);
    expect((await call('ts.figeac', 'PATCH', path(notes.between!), { visibleToPerson: 'oui' })).status).toBe(400);
    const shown = await call('ts.figeac', 'PATCH', path(notes.between!), { visibleToPerson: true });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: notes.between, visibleToPerson: true });
    const seen = await asHer(token, 'GET', '/api/me/person');
    expect(seen.body.parcours[0].journal.map((e: { text: string }) => e.text).sort()).toEqual(
      ['Note entre professionnels.', 'Rendez-vous CAF fixé au 12.'].sort(),
    );
    expect((await call('ts.figeac', 'PATCH', path(notes.between!), { visibleToPerson: false })).status).toBe(200);
    const hidden = await asHer(token, 'GET', '/api/me/person');
    expect(hidden.body.parcours[0].journal.map((e: { text: string }) => e.text)).toEqual(['Rendez-vous CAF fixé au 12.']);
  });

  it('refuses a journal entry for the référent only that would be shown to her (400 naming the field)', async () => {
    const res = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/journal`, {
      text: 'x',
      visibility: 'referent',
      visibleToPerson: true,
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['body.visibleToPerson']);
  });

  it('shows another person nothing of hers', async () => {
    const res = await asHer(otherToken, 'GET', '/api/me/person');
    expect(res.status).toBe(200);
    expect(res.body.receptions).toEqual([]);
    expect(res.body.referrals).toEqual([]);
    expect(res.body.parcours).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain(person.lastName);
  });

  it('records her comment on an action, which the référent reads on the parcours', async () => {
    const res = await asHer(token, 'POST', `/api/me/person/parcours/${parcoursId}/comments`, {
      goalId,
      actionId,
      text: 'J’ai retrouvé mon avis d’imposition.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ goalId, actionId, author: 'personne' });
    const seen = await call('ts.figeac', 'GET', `/api/parcours/${parcoursId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.comments).toEqual([
      expect.objectContaining({ id: res.body.id, text: 'J’ai retrouvé mon avis d’imposition.', actionId }),
    ]);
    const mine = await asHer(token, 'GET', '/api/me/person');
    expect(mine.body.parcours[0].comments).toHaveLength(1);
  });

  it('answers 404 for another person’s parcours or an unknown one, and writes nothing', async () => {
    const other = await asHer(otherToken, 'POST', `/api/me/person/parcours/${parcoursId}/comments`, { text: 'Bonjour' });
    expect(other.status).toBe(404);
    const unknown = await asHer(token, 'POST', `/api/me/person/parcours/${UNKNOWN_ID}/comments`, { text: 'Bonjour' });
    expect(unknown.status).toBe(404);
    const seen = await call('ts.figeac', 'GET', `/api/parcours/${parcoursId}`);
    expect(seen.body.comments).toHaveLength(1);
  });

  it('lists every bad field of a comment (400), and a goal that is not in her plan', async () => {
    const bad = await asHer(token, 'POST', `/api/me/person/parcours/${parcoursId}/comments`, { text: '', actionId: 'x', colour: 1 });
    expect(bad.status).toBe(400);
    // Every bad field at once, the action without its goal too.
    expect(paths(bad)).toEqual(['body.actionId', 'body.colour', 'body.goalId', 'body.text']);
    const notHers = await asHer(token, 'POST', `/api/me/person/parcours/${parcoursId}/comments`, { goalId: UNKNOWN_ID, text: 'Hein ?' });
    expect(notHers.status).toBe(400);
    expect(paths(notHers)).toEqual(['body.goalId']);
  });

  it('refuses her token on the professionals’ routes (403) and professionals on hers (403)', async () => {
    expect((await asHer(token, 'GET', `/api/parcours/${parcoursId}`)).status).toBe(403);
    expect((await asHer(token, 'GET', `/api/persons/${person.id}/export`)).status).toBe(403);
    expect((await call('ts.figeac', 'GET', '/api/me/person')).status).toBe(403);
    expect((await call('agent.gramat', 'PATCH', '/api/me/person/consents', { version: 1, smsSurveys: false })).status).toBe(403);
  });

  it('exports everything about her: a ZIP with her PDF and a JSON counted against what was created', async () => {
    // Her FranceConnect identity, linked by the professional who recorded her (ADR 0040): her data too.
    const sub = `fc-espace-${Date.now()}`;
    const linked = await call('agent.gramat', 'POST', `/api/persons/${person.id}/identity-link`, { franceConnectSub: sub });
    expect(linked.status).toBe(201);
    const res = await fetch(`${stack.url}/api/me/person/export`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['mes-donnees.json', 'mon-dossier.pdf']);
    const pdf = files['mon-dossier.pdf']!;
    expect(Buffer.from(pdf.slice(0, 4)).toString('latin1')).toBe('%PDF');
    const doc = await PDFDocument.load(pdf);
    expect(doc.getTitle()).toContain(person.lastName);
    // The drawn text (standard font, hex strings in compressed content streams): her name is on the page.
    expect(pdfText(pdf)).toContain(Buffer.from(person.lastName, 'latin1').toString('hex').toUpperCase());
    const json = JSON.parse(strFromU8(files['mes-donnees.json']!));
    const s = json.services;
    expect(Object.keys(s).sort()).toEqual(['appointments', 'intake', 'parcours', 'platform', 'surveys']);
    expect(s.intake.persons).toHaveLength(1);
    expect(s.intake.receptions).toHaveLength(2);
    expect(s.intake.referrals).toHaveLength(1);
    expect(s.intake.referrals[0].liaisonNote).toBe('Première demande.');
    expect(s.intake.identityLinks).toEqual([
      { provider: 'FranceConnect', sub, linkedAt: linked.body.linkedAt, linkedBy: ids['agent.gramat'] },
    ]);
    expect(s.parcours.parcours).toHaveLength(1);
    expect(s.parcours.journal).toHaveLength(3);
    expect(s.parcours.comments).toHaveLength(1);
    expect(s.surveys.surveys).toHaveLength(0);
    expect(s.appointments.appointments).toHaveLength(0);
    // Audited: her record created, two receptions, a referral, a reception corrected, the parcours opened…
    const routes = s.platform.audit.map((a: { route: string }) => a.route);
    expect(routes).toEqual(
      expect.arrayContaining(['POST /api/persons', 'POST /api/receptions', 'PATCH /api/receptions/{id}', 'POST /api/parcours']),
    );
    expect(routes.filter((r: string) => r === 'POST /api/receptions')).toHaveLength(2);
  });

  it('lets the organisation that recorded her hand her the same at the counter, audited « droit d’accès »; others 403', async () => {
    const res = await fetch(`${stack.url}/api/persons/${person.id}/export`, {
      headers: { authorization: `Bearer ${tokens['agent.gramat']}` },
    });
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(JSON.parse(strFromU8(files['mes-donnees.json']!)).services.intake.persons[0].id).toBe(person.id);
    expect((await call('partenaire.caf', 'GET', `/api/persons/${person.id}/export`)).status).toBe(403);
    expect((await call('agent.gramat', 'GET', `/api/persons/${UNKNOWN_ID}/export`)).status).toBe(404);
    const log = await call('pilote', 'GET', `/api/audit?personId=${person.id}&limit=100`);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ route: 'GET /api/persons/{id}/export', purpose: 'droit-d-acces', action: 'read' }),
      ]),
    );
  });
});

describe('her consents, changed by herself', () => {
  it('records her change as given by her, online, and no survey is sent afterwards (a consenting person gets hers)', async () => {
    const her = await newPerson('06 22 33 45 01');
    const control = await newPerson('06 22 33 45 02');
    const token = await signLocalPersonToken(her.id);
    await receive(her.id);
    await receive(control.id);
    await stack.drain();
    const res = await asHer(token, 'PATCH', '/api/me/person/consents', { version: her.version, smsSurveys: false, beingContacted: false });
    expect(res.status).toBe(200);
    expect(res.body.consents.smsSurveys).toMatchObject({
      given: false,
      method: 'digital',
      recordedBy: { name: 'La personne elle-même (en ligne)' },
    });
    expect(res.body.contactRefused).toBe(true);
    await deliverDueSurveys();
    expect(await surveySmsTo('+33622334502')).toBe(1);
    expect(await surveySmsTo('+33622334501')).toBe(0);
    const file = await asHer(token, 'GET', '/api/me/person');
    expect(file.body.consents).toMatchObject({ smsSurveys: { given: false }, beingContacted: false });
    // The survey created before she withdrew is in her export, cancelled.
    const zip = await fetch(`${stack.url}/api/me/person/export`, { headers: { authorization: `Bearer ${token}` } });
    const json = JSON.parse(strFromU8(unzipSync(new Uint8Array(await zip.arrayBuffer()))['mes-donnees.json']!));
    expect(json.services.surveys.surveys.map((s: { status: string }) => s.status)).toEqual(['cancelled']);
  });

  it('lists every bad field (400), refuses an empty change, and a stale version is 409', async () => {
    const her = await newPerson('06 22 33 46 01');
    const token = await signLocalPersonToken(her.id);
    const bad = await asHer(token, 'PATCH', '/api/me/person/consents', { version: 'x', smsSurveys: 'non', colour: 1 });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['body.colour', 'body.smsSurveys', 'body.version']);
    const empty = await asHer(token, 'PATCH', '/api/me/person/consents', { version: her.version });
    expect(empty.status).toBe(400);
    expect(paths(empty)).toEqual(['body.networkSharing']);
    const stale = await asHer(token, 'PATCH', '/api/me/person/consents', { version: her.version + 5, networkSharing: true });
    expect(stale.status).toBe(409);
  });

  it('answers 404 to a token whose person does not exist', async () => {
    const token = await signLocalPersonToken(UNKNOWN_ID);
    expect((await asHer(token, 'GET', '/api/me/person')).status).toBe(404);
    expect((await asHer(token, 'PATCH', '/api/me/person/consents', { version: 1, smsSurveys: false })).status).toBe(404);
  });
});
