/**
 * Premier accueil through HTTP on the local stack (API.md, Intake): receptions named,
 * anonymous and at home; persons with their consents, duplicates and accent-blind search;
 * histories under the consent rule with every read audited; closed-loop referrals to the CAF,
 * answered with an account or through a signed link; deadlines; bad input and retries.
 */
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { intakeDeps } from '../../services/intake/handlers/deps';
import { referralLink } from '../../services/intake/referral-link';
import { DynamoIdentityLinkStore } from '../../services/intake/store/identity-link.store';
import { franceConnectSubKey } from '../../services/intake/store/keys';
import { makeProcessReferralDeadlines } from '../../services/intake/use-cases/referrals.use-cases';
import { ERASED_NOTE, makeEraseInactivePersons } from '../../services/intake/use-cases/retention.use-cases';
import { drainPendingReads } from '../../shared/auth/audit';
import { signLink } from '../../shared/auth/signed-link';
import { linkSecret } from '../../shared/auth/link-secret';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};

const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const org = (type: string) => DEMO_ORGANISATIONS.find((o) => o.type === type)!;
const departement = org('departements');
const caf = org('caf');
const missionLocale = org('mission-locale');
const gramat = user('agent.gramat');
const figeac = user('ts.figeac');
const ccas = user('agent.ccas-cahors');
const cafSite = DEMO_SITES.find((s) => s.organisationId === caf.id)!;
const UNKNOWN_ID = '01KDVDZZZZZZZZZZZZZZZZZZZZ';

const call = (username: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  api.call(method, path, { token: tokens[username], body, headers });

/** Events intake published (read back from its outbox items: a test may Scan, a request never). */
async function intakeEvents(detailType: string): Promise<Array<{ metadata: { eventId: string }; data: Record<string, unknown> }>> {
  const out = await ddb().send(
    new ScanCommand({
      TableName: tableName('intake', 'main'),
      FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
      ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': detailType },
    }),
  );
  return (out.Items ?? []).map((i) => JSON.parse(i.detail as string));
}

async function auditOf(personId: string): Promise<Array<Record<string, unknown>>> {
  // Reads of many persons (searches, duplicate candidates) are chained off the request path (ADR 0016).
  await drainPendingReads();
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName('platform', 'audit'),
      // Her chained entries (`SEQ#…`), in order; not the chain's head.
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entries)',
      ExpressionAttributeValues: { ':pk': `PERSON#${personId}`, ':entries': 'SEQ#' },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

let counter = 0;
/** A person no other test creates (duplicates would otherwise interfere). */
function newPerson(overrides: Record<string, unknown> = {}) {
  counter++;
  return {
    lastName: `Testperson${String.fromCharCode(97 + (counter % 26))}${counter}`,
    firstName: 'Anne',
    birthDate: '1980-05-17',
    communeCode: '46127',
    consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
    ...overrides,
  };
}

async function createPerson(username: string, body: Record<string, unknown>) {
  const res = await call(username, 'POST', '/api/persons', body);
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number };
}

const referralBody = (overrides: Record<string, unknown> = {}) => ({
  toOrganisationId: caf.id,
  themes: ['famille'],
  reason: 'Ouverture de droits aux prestations familiales',
  urgency: 'normal',
  liaisonNote: 'Séparation récente, deux enfants à charge ; dossier CAF à mettre à jour.',
  ...overrides,
});

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of [
    'agent.gramat',
    'ts.figeac',
    'cesf.souillac',
    'agent.ccas-cahors',
    'partenaire.caf',
    'partenaire.mission-locale',
    'pilote',
  ])
    tokens[u] = await api.token(u);
  // The directory's demo data reaches intake through events: wait for its copy of sites and organisations.
  await stack.drain();
  await waitFor(async () => {
    const keys = [
      ...DEMO_SITES.map((s) => ({ pk: `SITE#${s.id}`, sk: 'SITE' })),
      ...DEMO_ORGANISATIONS.map((o) => ({ pk: `ORG#${o.id}`, sk: 'ORG' })),
    ];
    for (const Key of keys) {
      const got = await ddb().send(new GetCommand({ TableName: tableName('intake', 'main'), Key }));
      if (!got.Item) return undefined;
    }
    return true;
  }, 'the directory projection');
});

afterAll(async () => {
  await stack?.stop();
});

describe('receptions', () => {
  it('records an anonymous phone reception with only an age range and a commune, and announces it without identity', async () => {
    const res = await call('agent.gramat', 'POST', '/api/receptions', {
      siteId: gramat.siteId,
      channel: 'phone',
      anonymous: { ageRange: '25-34', communeCode: '46127' },
      themes: ['logement-hebergement'],
      durationMinutes: 10,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      siteId: gramat.siteId,
      organisationId: departement.id,
      channel: 'phone',
      anonymous: { ageRange: '25-34', communeCode: '46127' },
      themes: ['logement-hebergement'],
      recordedBy: { userId: gramat.sub, name: gramat.name, organisationId: departement.id, role: 'accueil' },
    });
    expect(res.body.personId).toBeUndefined();
    const events = await intakeEvents('ReceptionRecorded');
    const event = events.find((e) => e.data.receptionId === res.body.id);
    expect(event?.data).toEqual({
      receptionId: res.body.id,
      siteId: gramat.siteId,
      organisationId: departement.id,
      channel: 'phone',
      themes: ['logement-hebergement'],
      communeCode: '46127',
      ageRange: '25-34',
      anonymous: true,
      receivedAt: res.body.receivedAt,
      smsSurveysConsent: false,
    });
  });

  it('records a reception with no detail at all: rule 1, nothing is required about the person', async () => {
    const res = await call('agent.ccas-cahors', 'POST', '/api/receptions', { siteId: ccas.siteId, channel: 'site', themes: ['numerique'] });
    expect(res.status).toBe(201);
    expect(res.body.anonymous).toBeUndefined();
  });

  it('records a named home visit, and puts the phone in the event only with the SMS consent', async () => {
    const withSms = await createPerson(
      'ts.figeac',
      newPerson({ phone: '06 12 34 56 78', consents: { networkSharing: { given: true, method: 'written' }, smsSurveys: { given: true } } }),
    );
    const withoutSms = await createPerson('ts.figeac', newPerson({ phone: '06 98 76 54 32', birthDate: '1950-01-02' }));
    const visit = await call('ts.figeac', 'POST', '/api/receptions', {
      siteId: figeac.siteId,
      channel: 'home_visit',
      personId: withSms.id,
      themes: ['sante', 'famille--prise-en-charge-personne-dependante'],
      summary: 'Visite à domicile : aide à domicile à organiser.',
      informationGiven: 'Coordonnées du CLIC',
      durationMinutes: 60,
    });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({ channel: 'home_visit', personId: withSms.id, recordedBy: { role: 'travailleur_social' } });
    const other = await call('ts.figeac', 'POST', '/api/receptions', {
      siteId: figeac.siteId,
      channel: 'site',
      personId: withoutSms.id,
      themes: ['sante'],
    });
    expect(other.status).toBe(201);
    const events = await intakeEvents('ReceptionRecorded');
    const first = events.find((e) => e.data.receptionId === visit.body.id)!.data;
    expect(first).toMatchObject({
      personId: withSms.id,
      anonymous: false,
      phone: '+33612345678',
      smsSurveysConsent: true,
      communeCode: '46127',
    });
    expect(first.ageRange).toMatch(/^\d/);
    expect(first.summary).toBeUndefined();
    const second = events.find((e) => e.data.receptionId === other.body.id)!.data;
    expect(second).toMatchObject({ personId: withoutSms.id, smsSurveysConsent: false, ageRange: '75+' });
    expect(second.phone).toBeUndefined();
    expect(JSON.stringify(events)).not.toContain('Visite à domicile');
  });

  it('lists the receptions of my organisation by site and dates, never another organisation’s', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const mine = await call('agent.gramat', 'GET', `/api/receptions?siteId=${gramat.siteId}&from=2020-01-01&to=2099-12-31`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((r: { siteId: string }) => r.siteId === gramat.siteId)).toBe(true);
    const past = await call('agent.gramat', 'GET', `/api/receptions?siteId=${gramat.siteId}&to=2020-01-01`);
    expect(past.body.items).toEqual([]);
    const org = await call('ts.figeac', 'GET', `/api/receptions?from=${today}`);
    expect(org.body.items.some((r: { siteId: string }) => r.siteId === gramat.siteId)).toBe(true);
    const other = await call('agent.ccas-cahors', 'GET', `/api/receptions?siteId=${gramat.siteId}`);
    expect(other.status).toBe(403);
    const ccasList = await call('agent.ccas-cahors', 'GET', '/api/receptions');
    expect(ccasList.body.items.every((r: { organisationId: string }) => r.organisationId === ccas.organisationId)).toBe(true);
  });

  it('lets a partner record at its own site, and refuses the coordinator', async () => {
    const res = await call('partenaire.caf', 'POST', '/api/receptions', { siteId: cafSite.id, channel: 'site', themes: ['famille'] });
    expect(res.status).toBe(201);
    const pilote = await call('pilote', 'POST', '/api/receptions', { siteId: gramat.siteId, channel: 'site', themes: ['famille'] });
    expect(pilote.status).toBe(403);
  });
});

describe('persons', () => {
  it('stores consents with who recorded them, when and how, and a phone in E.164', async () => {
    const res = await call(
      'agent.gramat',
      'POST',
      '/api/persons',
      newPerson({
        phone: '05 65 38 00 00',
        email: 'anne@example.org',
        consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: true, method: 'written' } },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      phone: '+33565380000',
      version: 1,
      recordedBy: { organisationId: departement.id, organisationName: departement.name },
      consents: {
        networkSharing: {
          given: true,
          method: 'oral',
          recordedBy: { userId: gramat.sub, name: gramat.name, organisationId: departement.id },
        },
        smsSurveys: { given: true, method: 'written' },
      },
    });
    expect(Date.parse(res.body.consents.networkSharing.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
    const audit = await auditOf(res.body.id);
    expect(audit).toEqual([expect.objectContaining({ action: 'create', actorId: gramat.sub, route: 'POST /api/persons' })]);
  });

  it('answers 409 with the candidates for the same person or a close spelling, and creates once confirmed', async () => {
    const first = await createPerson('agent.gramat', {
      ...newPerson(),
      lastName: 'Vayssière',
      firstName: 'Jean-Luc',
      birthDate: '1972-03-09',
    });
    const again = await call('agent.ccas-cahors', 'POST', '/api/persons', {
      ...newPerson(),
      lastName: 'VAYSSIERE',
      firstName: 'jean luc',
      birthDate: '1972-03-09',
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Its own code and words: not the « modified in the meantime » of a stale version.
    expect(again.body).toMatchObject({
      code: 'intake.person.possible-duplicate',
      status: 409,
      detail: expect.stringMatching(/^Cette personne existe peut-être déjà/),
    });
    expect(again.body.candidates).toEqual([
      { id: first.id, lastName: 'Vayssière', firstName: 'Jean-Luc', birthDate: '1972-03-09', communeCode: '46127' },
    ]);
    const close = await call('agent.gramat', 'POST', '/api/persons', {
      ...newPerson(),
      lastName: 'Vaysière',
      firstName: 'Jean-Luc',
      birthDate: '1972-03-09',
    });
    expect(close.status).toBe(409);
    expect(close.body.candidates.map((c: { id: string }) => c.id)).toEqual([first.id]);
    const otherBirth = await call('agent.gramat', 'POST', '/api/persons', {
      ...newPerson(),
      lastName: 'Vaysière',
      firstName: 'Jean-Luc',
      birthDate: '1972-03-10',
    });
    expect(otherBirth.status).toBe(201);
    const confirmed = await call('agent.gramat', 'POST', '/api/persons', {
      ...newPerson(),
      lastName: 'Vayssière',
      firstName: 'Jean-Luc',
      birthDate: '1972-03-09',
      confirmedNotDuplicateOf: [first.id],
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.id).not.toBe(first.id);
    // Showing a candidate is a read of that person: audited with its purpose.
    const audit = await auditOf(first.id);
    expect(audit.filter((a) => a.purpose === 'verification-doublon').length).toBe(2);
  });

  it('finds "Delpérié" from "delperie", "DELPÉRIÉ" and "Delp", through the name index', async () => {
    const person = await createPerson('agent.gramat', {
      ...newPerson(),
      lastName: 'Delpérié',
      firstName: 'Marthe',
      birthDate: '1961-07-04',
    });
    await createPerson('agent.gramat', { ...newPerson(), lastName: 'Delpech', firstName: 'Louis', birthDate: '1990-01-01' });
    for (const q of ['delperie', 'DELPÉRIÉ', 'Delp', 'delpérié marthe', 'Marthe Delp']) {
      const res = await call('agent.ccas-cahors', 'GET', `/api/persons?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).toContain(person.id);
    }
    const res = await call('agent.ccas-cahors', 'GET', `/api/persons?q=delp&birthDate=1961-07-04`);
    expect(res.body.items).toEqual([
      { id: person.id, lastName: 'Delpérié', firstName: 'Marthe', birthDate: '1961-07-04', communeCode: '46127', sharing: 'restricted' },
    ]);
    const own = await call('agent.gramat', 'GET', `/api/persons?q=delperie`);
    expect(own.body.items.find((i: { id: string }) => i.id === person.id).sharing).toBe('full');
    const none = await call('agent.gramat', 'GET', `/api/persons?q=delpx`);
    expect(none.body.items).toEqual([]);
    const short = await call('agent.gramat', 'GET', `/api/persons?q=${encodeURIComponent('é')}`);
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.q']);
    const pilote = await call('pilote', 'GET', '/api/persons?q=delp');
    expect(pilote.status).toBe(403);
    const audit = await auditOf(person.id);
    expect(audit.filter((a) => a.route === 'GET /api/persons' && a.actorId === ccas.sub).length).toBe(6);
  });

  it('pages search results with a cursor', async () => {
    for (let i = 0; i < 3; i++)
      await createPerson('agent.gramat', {
        ...newPerson(),
        lastName: 'Pagination',
        firstName: `Prénom${'abc'[i]}`,
        birthDate: `199${i}-01-01`,
      });
    const first = await call('agent.gramat', 'GET', '/api/persons?q=paginat&limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call('agent.gramat', 'GET', `/api/persons?q=paginat&limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(3);
    const foreign = await call('agent.gramat', 'GET', `/api/persons?q=other&cursor=${first.body.nextCursor}`);
    expect(foreign.status).toBe(400);
  });

  it('changes consents at the person’s request, by the organisation that recorded her, version-checked', async () => {
    const person = await createPerson('agent.gramat', newPerson());
    // Another organisation never changes them (side door 1, see side-doors.int.test.ts).
    const stranger = await call('agent.ccas-cahors', 'PATCH', `/api/persons/${person.id}/consents`, {
      version: 1,
      networkSharing: { given: true, method: 'oral' },
    });
    expect(stranger.status).toBe(403);
    const changed = await call('ts.figeac', 'PATCH', `/api/persons/${person.id}/consents`, {
      version: 1,
      networkSharing: { given: true, method: 'written', reference: 'Dossier 46-2026-118' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.consents.networkSharing).toMatchObject({
      given: true,
      method: 'written',
      reference: 'Dossier 46-2026-118',
      recordedBy: { userId: user('ts.figeac').sub },
    });
    expect(changed.body.version).toBe(2);
    const stale = await call('agent.gramat', 'PATCH', `/api/persons/${person.id}/consents`, { version: 1, smsSurveys: { given: true } });
    expect(stale.status).toBe(409);
    const events = await intakeEvents('PersonConsentsChanged');
    expect(events.find((e) => e.data.personId === person.id)?.data).toMatchObject({ networkSharing: true, smsSurveys: false });
  });
});

describe('history (rule 2) and audit (rule 5)', () => {
  it('gives the recording organisation everything, another one only whom to contact without consent, and audits each read', async () => {
    const person = await createPerson('agent.gramat', newPerson());
    await call('agent.gramat', 'POST', '/api/receptions', {
      siteId: gramat.siteId,
      channel: 'site',
      personId: person.id,
      themes: ['numerique'],
    });
    const own = await call('ts.figeac', 'GET', `/api/persons/${person.id}/history`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ restricted: false, person: { id: person.id }, parcours: [] });
    expect(own.body.receptions).toHaveLength(1);
    expect(own.body.professionals).toEqual([
      expect.objectContaining({ name: gramat.name, organisationId: departement.id, organisationName: departement.name, role: 'accueil' }),
    ]);

    const other = await call('agent.ccas-cahors', 'GET', `/api/persons/${person.id}/history`);
    expect(other.status).toBe(200);
    expect(other.body).toEqual({
      restricted: true,
      personId: person.id,
      recordedBy: { organisationId: departement.id, organisationName: departement.name },
    });
    expect(JSON.stringify(other.body)).not.toContain('Anne');

    const unrelated = await call('partenaire.mission-locale', 'GET', `/api/persons/${person.id}/history`);
    expect(unrelated.status).toBe(403);
    const pilote = await call('pilote', 'GET', `/api/persons/${person.id}/history`);
    expect(pilote.status).toBe(403);

    const reads = (await auditOf(person.id)).filter((a) => a.action === 'read');
    expect(reads.map((a) => [a.actorId, a.actorOrganisationId, a.purpose, a.route])).toEqual([
      // Purposes set by the server: the recording organisation and a reception elsewhere both « accueil ».
      [figeac.sub, departement.id, 'accueil', 'GET /api/persons/{id}/history'],
      [ccas.sub, ccas.organisationId, 'accueil', 'GET /api/persons/{id}/history'],
    ]);
  });

  it('opens the whole history to another organisation once the person agrees to share', async () => {
    const person = await createPerson(
      'agent.gramat',
      newPerson({ consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } } }),
    );
    const res = await call('agent.ccas-cahors', 'GET', `/api/persons/${person.id}/history`);
    expect(res.body.restricted).toBe(false);
    expect(res.body.person.id).toBe(person.id);
  });
});

describe('referrals (rule 4)', () => {
  let personId: string;
  let referralId: string;

  it('sends a referral to the CAF, visible in its incoming box and announced', async () => {
    personId = (await createPerson('agent.gramat', newPerson({ phone: '0612345679' }))).id;
    const reception = await call('agent.gramat', 'POST', '/api/receptions', {
      siteId: gramat.siteId,
      channel: 'site',
      personId,
      themes: ['famille'],
    });
    const res = await call('agent.gramat', 'POST', '/api/referrals', referralBody({ receptionId: reception.body.id }));
    expect(res.status).toBe(201);
    referralId = res.body.id;
    expect(res.body).toMatchObject({
      status: 'sent',
      fromOrganisationId: departement.id,
      fromOrganisationName: departement.name,
      fromSiteId: gramat.siteId,
      toOrganisationId: caf.id,
      toOrganisationName: caf.name,
      personId,
      receptionId: reception.body.id,
      history: [{ status: 'sent', by: { userId: gramat.sub, name: gramat.name, organisationId: departement.id, via: 'account' } }],
    });
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.sentAt)).toBe(30 * 86_400_000);
    expect(Date.parse(res.body.reminderAt) - Date.parse(res.body.sentAt)).toBe(10 * 86_400_000);

    const incoming = await call('partenaire.caf', 'GET', '/api/referrals?box=incoming&status=sent');
    const listed = incoming.body.items.find((r: { id: string }) => r.id === referralId);
    expect(listed).toMatchObject({ status: 'sent', themes: ['famille'] });
    expect(listed.liaisonNote).toBeUndefined();
    const outgoing = await call('agent.gramat', 'GET', '/api/referrals?box=outgoing');
    expect(outgoing.body.items.map((r: { id: string }) => r.id)).toContain(referralId);
    const notMine = await call('partenaire.mission-locale', 'GET', '/api/referrals?box=incoming');
    expect(notMine.body.items.map((r: { id: string }) => r.id)).not.toContain(referralId);

    const sent = (await intakeEvents('ReferralSent')).find((e) => e.data.referralId === referralId);
    expect(sent?.data).toEqual({
      referralId,
      fromOrganisationId: departement.id,
      fromSiteId: gramat.siteId,
      toOrganisationId: caf.id,
      themes: ['famille'],
      urgency: 'normal',
      sentAt: res.body.sentAt,
      expiresAt: res.body.expiresAt,
      linkValidUntil: new Date(Date.parse(res.body.sentAt) + 60 * 86_400_000).toISOString(),
      personId,
      receptionId: reception.body.id,
    });
  });

  it('lets the CAF read it with the liaison note and the person, audited; other organisations get 403', async () => {
    const res = await call('partenaire.caf', 'GET', `/api/referrals/${referralId}`);
    expect(res.status).toBe(200);
    expect(res.body.liaisonNote).toMatch(/Séparation récente/);
    expect(res.body.person).toMatchObject({ id: personId, phone: '+33612345679' });
    expect(await call('partenaire.mission-locale', 'GET', `/api/referrals/${referralId}`)).toMatchObject({ status: 403 });
    const cafUser = user('partenaire.caf');
    expect((await auditOf(personId)).some((a) => a.actorId === cafUser.sub && a.route === 'GET /api/referrals/{id}')).toBe(true);
    // Referred to the CAF: its partner may now read the person (restricted: no sharing consent).
    const history = await call('partenaire.caf', 'GET', `/api/persons/${personId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.restricted).toBe(true);
  });

  it('is accepted then closed by the CAF only; the sender sees sent > accepted > closed', async () => {
    const byAgent = await call('agent.gramat', 'POST', `/api/referrals/${referralId}/accept`, {});
    expect(byAgent.status).toBe(403);
    const tooEarly = await call('partenaire.caf', 'POST', `/api/referrals/${referralId}/close`, { outcome: 'service_delivered' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.errors.map((e: { path: string }) => e.path)).toEqual(['status']);
    const accepted = await call('partenaire.caf', 'POST', `/api/referrals/${referralId}/accept`, { comment: 'Rendez-vous le 3' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const twice = await call('partenaire.caf', 'POST', `/api/referrals/${referralId}/accept`, {});
    expect(twice.status).toBe(409);
    const declined = await call('partenaire.caf', 'POST', `/api/referrals/${referralId}/decline`, { reasonCode: 'hors_competence' });
    expect(declined.status).toBe(409);
    const noOutcome = await call('partenaire.caf', 'POST', `/api/referrals/${referralId}/close`, { comment: 'Droits ouverts' });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.outcome']);
    const closed = await call('partenaire.caf', 'POST', `/api/referrals/${referralId}/close`, {
      outcome: 'service_delivered',
      comment: 'Droits ouverts',
    });
    expect(closed.status).toBe(200);

    const seen = await call('agent.gramat', 'GET', `/api/referrals/${referralId}`);
    const cafUser = user('partenaire.caf');
    expect(seen.body.status).toBe('closed');
    expect(seen.body.history.map((h: { status: string }) => h.status).join(' > ')).toBe('sent > accepted > closed');
    expect(seen.body.history[1]).toMatchObject({
      comment: 'Rendez-vous le 3',
      by: { userId: cafUser.sub, name: cafUser.name, organisationId: caf.id, role: 'partenaire', via: 'account' },
    });
    expect(seen.body.history[2]).toMatchObject({ outcome: 'service_delivered', comment: 'Droits ouverts', by: { organisationId: caf.id } });
    const changes = (await intakeEvents('ReferralStatusChanged')).filter((e) => e.data.referralId === referralId);
    expect(changes.map((e) => [e.data.previousStatus, e.data.status, e.data.byOrganisationId]).sort()).toEqual([
      ['accepted', 'closed', caf.id],
      ['sent', 'accepted', caf.id],
    ]);
    // The outcome travels as its code; the comment stays in the referral.
    expect(changes.find((e) => e.data.status === 'closed')?.data.outcome).toBe('service_delivered');
    expect(JSON.stringify(changes)).not.toContain('Droits ouverts');
    // The sender's history of the person now shows the CAF's agent among the professionals.
    const history = await call('agent.gramat', 'GET', `/api/persons/${personId}/history`);
    expect(history.body.referrals.map((r: { status: string }) => r.status)).toEqual(['closed']);
    expect(history.body.professionals.map((p: { name: string }) => p.name)).toEqual([gramat.name, cafUser.name]);
  });

  it('records a decline with its reason', async () => {
    const sent = await call('agent.ccas-cahors', 'POST', '/api/referrals', referralBody());
    expect(sent.status).toBe(201);
    expect(sent.body.personId).toBeUndefined();
    const unknownCode = await call('partenaire.caf', 'POST', `/api/referrals/${sent.body.id}/decline`, {
      reason: 'Relève de la MSA',
      reasonCode: 'flemme',
    });
    expect(unknownCode.status).toBe(400);
    expect(unknownCode.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.reasonCode']);
    const declined = await call('partenaire.caf', 'POST', `/api/referrals/${sent.body.id}/decline`, {
      reason: 'Relève de la MSA',
      reasonCode: 'hors_competence',
    });
    expect(declined.body).toMatchObject({
      status: 'declined',
      history: [{ status: 'sent' }, { status: 'declined', reason: 'Relève de la MSA', reasonCode: 'hors_competence' }],
    });
    const missing = await call('partenaire.caf', 'POST', `/api/referrals/${sent.body.id}/decline`, { comment: 'Relève de la MSA' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.reasonCode']);
    // The observatory learns the category only: the free-text reason never leaves intake.
    const changed = (await intakeEvents('ReferralStatusChanged')).find((e) => e.data.referralId === sent.body.id);
    expect(changed?.data).toMatchObject({ status: 'declined', reasonCode: 'hors_competence', themes: ['famille'] });
    expect(JSON.stringify(changed)).not.toContain('MSA');
  });
});

describe('signed links for partners without an account', () => {
  it('shows the request through a valid link, accepts through it, and refuses a tampered or expired one', async () => {
    const personId = (await createPerson('agent.gramat', newPerson())).id;
    const sent = await call(
      'agent.gramat',
      'POST',
      '/api/referrals',
      referralBody({ toOrganisationId: missionLocale.id, personId, themes: ['trouver-un-emploi'] }),
    );
    const token = referralLink(sent.body.id, missionLocale.id, new Date(sent.body.sentAt));

    const read = await api.call('GET', `/api/referral-links/${token}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: sent.body.id,
      status: 'sent',
      liaisonNote: expect.stringMatching(/Séparation/),
      person: { firstName: 'Anne' },
    });
    // The statuses of the timeline only: no one's name, no one's words (ADR 0026).
    expect(read.body.history).toEqual([{ status: 'sent', at: sent.body.sentAt }]);
    // No sharing consent: her phone stays hidden; the sender's contact is there instead.
    expect(read.body.person.phone).toBeUndefined();
    expect(read.body.sender).toMatchObject({ organisationName: departement.name });
    const audit = await auditOf(personId);
    expect(
      audit.some((a) => a.actorId === `link:${sent.body.id}` && a.actorOrganisationId === missionLocale.id && a.action === 'read'),
    ).toBe(true);

    const [payload, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), audience: caf.id })).toString(
      'base64url',
    );
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const expired = signLink(
      { scope: 'referral', subject: sent.body.id, audience: missionLocale.id, exp: Math.floor(Date.now() / 1000) - 60 },
      linkSecret(),
    );
    const otherAudience = signLink(
      { scope: 'referral', subject: sent.body.id, audience: caf.id, exp: Math.floor(Date.now() / 1000) + 3600 },
      linkSecret(),
    );
    for (const bad of [`${forged}.${signature}`, flipped, expired, otherAudience, 'not-a-token-at-all-really']) {
      const res = await api.call('GET', `/api/referral-links/${bad}`);
      expect(res.status).toBe(401);
      expect(res.body.detail).not.toMatch(/expir|signature|audience/i);
      const answer = await api.call('POST', `/api/referral-links/${bad}/accept`, { body: {} });
      expect(answer.status).toBe(401);
    }

    const accepted = await api.call('POST', `/api/referral-links/${token}/accept`, { body: { comment: 'Nous la recevons mardi' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const seen = await call('agent.gramat', 'GET', `/api/referrals/${sent.body.id}`);
    expect(seen.body.history[1]).toMatchObject({
      status: 'accepted',
      comment: 'Nous la recevons mardi',
      by: { userId: null, organisationId: missionLocale.id, via: 'link' },
    });
    const again = await api.call('POST', `/api/referral-links/${token}/accept`, { body: {} });
    expect(again.status).toBe(409);
  });
});

describe('bad input', () => {
  const reception = (overrides: Record<string, unknown>) => ({ siteId: gramat.siteId, channel: 'site', themes: ['famille'], ...overrides });
  const paths = (res: { body: { errors?: Array<{ path: string }> } }) => (res.body.errors ?? []).map((e) => e.path).sort();

  it('names the site when it is unknown or another organisation’s', async () => {
    const unknown = await call('agent.gramat', 'POST', '/api/receptions', reception({ siteId: UNKNOWN_ID }));
    expect(unknown.status).toBe(400);
    expect(paths(unknown)).toEqual(['body.siteId']);
    const foreign = await call('agent.gramat', 'POST', '/api/receptions', reception({ siteId: cafSite.id }));
    expect(foreign.status).toBe(400);
    expect(paths(foreign)).toEqual(['body.siteId']);
  });

  it('names every bad field: themes outside the taxonomy, bad channel, age range, unknown fields; named and anonymous at once', async () => {
    const res = await call(
      'agent.gramat',
      'POST',
      '/api/receptions',
      reception({ themes: ['famille', 'astrologie'], channel: 'pigeon', anonymous: { ageRange: '30-40' }, extra: 1 }),
    );
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['body.anonymous.ageRange', 'body.channel', 'body.extra', 'body.themes.1']);
    const both = await call(
      'agent.gramat',
      'POST',
      '/api/receptions',
      reception({ personId: UNKNOWN_ID, anonymous: { ageRange: '18-24' } }),
    );
    expect(paths(both)).toEqual(['body.anonymous']);
    const future = await call(
      'agent.gramat',
      'POST',
      '/api/receptions',
      reception({ receivedAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    expect(paths(future)).toEqual(['body.receivedAt']);
    const unknownPerson = await call('agent.gramat', 'POST', '/api/receptions', reception({ personId: UNKNOWN_ID }));
    expect(paths(unknownPerson)).toEqual(['body.personId']);
  });

  it('refuses a birth date in the future and a phone that is not a phone, naming each', async () => {
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const res = await call(
      'agent.gramat',
      'POST',
      '/api/persons',
      newPerson({ birthDate: future, phone: '12 34', email: 'pas-une-adresse' }),
    );
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['body.birthDate', 'body.email', 'body.phone']);
    const zeros = await call('agent.gramat', 'POST', '/api/persons', newPerson({ phone: '00 00 00 00 00' }));
    expect(paths(zeros)).toEqual(['body.phone']);
    expect(JSON.stringify(zeros.body)).not.toContain('00 00 00 00 00');
  });

  it('names the unknown organisation, service and reception of a referral', async () => {
    const res = await call('agent.gramat', 'POST', '/api/referrals', referralBody({ toOrganisationId: UNKNOWN_ID }));
    expect(paths(res)).toEqual(['body.toOrganisationId']);
    const service = await call('agent.gramat', 'POST', '/api/referrals', referralBody({ serviceId: UNKNOWN_ID }));
    expect(paths(service)).toEqual(['body.serviceId']);
    const foreignReception = await call('partenaire.caf', 'POST', '/api/receptions', {
      siteId: cafSite.id,
      channel: 'site',
      themes: ['famille'],
    });
    const withIt = await call('agent.gramat', 'POST', '/api/referrals', referralBody({ receptionId: foreignReception.body.id }));
    expect(paths(withIt)).toEqual(['body.receptionId']);
  });

  it('answers a retried creation with the same Idempotency-Key with the first result, writing nothing new', async () => {
    const headers = { 'idempotency-key': `reception-${Date.now()}` };
    const body = reception({ anonymous: { communeCode: '46102' } });
    const first = await call('agent.gramat', 'POST', '/api/receptions', body, headers);
    const second = await call('agent.gramat', 'POST', '/api/receptions', body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const list = await call('agent.gramat', 'GET', `/api/receptions?siteId=${gramat.siteId}&limit=200`);
    expect(list.body.items.filter((r: { anonymous?: { communeCode?: string } }) => r.anonymous?.communeCode === '46102')).toHaveLength(1);
    const events = await intakeEvents('ReceptionRecorded');
    expect(events.filter((e) => e.data.receptionId === first.body.id)).toHaveLength(1);

    const referralHeaders = { 'idempotency-key': `referral-${Date.now()}` };
    const r1 = await call('agent.gramat', 'POST', '/api/referrals', referralBody(), referralHeaders);
    const r2 = await call('agent.gramat', 'POST', '/api/referrals', referralBody(), referralHeaders);
    expect(r2.body.id).toBe(r1.body.id);
    expect((await intakeEvents('ReferralSent')).filter((e) => e.data.referralId === r1.body.id)).toHaveLength(1);
  });
});

describe('partners outside the network', () => {
  const member = async (networkMember: boolean) => {
    const read = await call('pilote', 'GET', `/api/organisations/${missionLocale.id}`);
    const patched = await call('pilote', 'PATCH', `/api/organisations/${missionLocale.id}`, { version: read.body.version, networkMember });
    expect(patched.status).toBe(200);
    await stack.drain();
    await waitFor(
      async () => ((await intakeDeps.repository.getOrganisation(missionLocale.id))?.networkMember === networkMember ? true : undefined),
      'the projection',
    );
  };

  it('may neither record, create nor search persons once its organisation leaves the network', async () => {
    const site = user('partenaire.mission-locale').siteId;
    await member(false);
    try {
      const reception = await call('partenaire.mission-locale', 'POST', '/api/receptions', {
        siteId: site,
        channel: 'site',
        themes: ['trouver-un-emploi'],
      });
      expect(reception.status).toBe(403);
      expect((await call('partenaire.mission-locale', 'GET', '/api/persons?q=delp')).status).toBe(403);
      expect((await call('partenaire.mission-locale', 'POST', '/api/persons', newPerson())).status).toBe(403);
    } finally {
      await member(true);
    }
    const again = await call('partenaire.mission-locale', 'POST', '/api/receptions', {
      siteId: site,
      channel: 'site',
      themes: ['trouver-un-emploi'],
    });
    expect(again.status).toBe(201);
  });
});

describe('deadlines', () => {
  it('reminds the partner on day 10, then expires the referral unanswered on day 30 (fixed clock)', async () => {
    const sent = await call(
      'agent.gramat',
      'POST',
      '/api/referrals',
      referralBody({ toOrganisationId: missionLocale.id, themes: ['trouver-un-emploi'] }),
    );
    const sentAt = Date.parse(sent.body.sentAt);
    const at = (days: number) =>
      makeProcessReferralDeadlines({ ...intakeDeps, clock: { now: () => new Date(sentAt + days * 86_400_000) } });

    expect((await at(9).execute()).reminded).toBe(0);
    expect((await call('agent.gramat', 'GET', `/api/referrals/${sent.body.id}`)).body.reminderSentAt).toBeUndefined();

    const tenth = await at(10).execute();
    expect(tenth.reminded).toBeGreaterThanOrEqual(1);
    const reminded = await call('agent.gramat', 'GET', `/api/referrals/${sent.body.id}`);
    expect(reminded.body).toMatchObject({ status: 'sent', reminderSentAt: new Date(sentAt + 10 * 86_400_000).toISOString() });
    expect((await intakeEvents('ReferralReminderDue')).filter((e) => e.data.referralId === sent.body.id)).toHaveLength(1);
    // Run again the same day, and later before the expiry: no second reminder, no expiry.
    await at(10).execute();
    await at(29).execute();
    expect((await intakeEvents('ReferralReminderDue')).filter((e) => e.data.referralId === sent.body.id)).toHaveLength(1);
    expect((await call('agent.gramat', 'GET', `/api/referrals/${sent.body.id}`)).body.status).toBe('sent');

    const thirtieth = await at(30).execute();
    expect(thirtieth.expired).toBeGreaterThanOrEqual(1);
    const expired = await call('agent.gramat', 'GET', `/api/referrals/${sent.body.id}`);
    expect(expired.body.status).toBe('expired');
    expect(expired.body.history.map((h: { status: string }) => h.status)).toEqual(['sent', 'expired']);
    expect(expired.body.history[1].by).toMatchObject({ via: 'system', organisationId: null });
    const change = (await intakeEvents('ReferralStatusChanged')).find((e) => e.data.referralId === sent.body.id);
    expect(change?.data).toMatchObject({ status: 'expired', previousStatus: 'sent', byOrganisationId: null });
    const late = await call('partenaire.mission-locale', 'POST', `/api/referrals/${sent.body.id}/accept`, {});
    expect(late.status).toBe(409);
    // An expired referral leaves the index of due referrals: a later run finds nothing to do with it.
    expect((await at(40).execute()).expired).toBe(0);
  });
});

describe('retention (rule 6)', () => {
  it('erases a person after the retention period without activity: identity gone, counts kept, audited and announced', async () => {
    const body = newPerson({ communeCode: '46128', birthDate: '1980-05-06' });
    const person = await createPerson('agent.gramat', body);
    const reception = await call('agent.gramat', 'POST', '/api/receptions', {
      siteId: gramat.siteId,
      channel: 'site',
      personId: person.id,
      themes: ['famille'],
      summary: 'Madame X, séparée, deux enfants.',
    });
    expect(reception.status).toBe(201);
    const sent = await call('agent.gramat', 'POST', '/api/referrals', referralBody({ personId: person.id }));
    expect(sent.status).toBe(201);
    const accepted = await call('partenaire.caf', 'POST', `/api/referrals/${sent.body.id}/accept`, { comment: 'RDV avec Madame X le 3.' });
    expect(accepted.status).toBe(200);
    // Her FranceConnect identity, linked to her record (ADR 0040): it goes with her.
    const sub = `fc-retention-${Date.now()}`;
    expect((await call('agent.gramat', 'POST', `/api/persons/${person.id}/identity-link`, { franceConnectSub: sub })).status).toBe(201);
    const links = new DynamoIdentityLinkStore(() => tableName('intake', 'main'));
    expect(await links.personOf(sub)).toBe(person.id);
    const lastActivity = Date.parse(sent.body.sentAt);
    const at = (days: number) =>
      makeEraseInactivePersons({ ...intakeDeps, clock: { now: () => new Date(lastActivity + days * 86_400_000) } });

    // A year later she is still there: the period is two years since her last activity.
    await at(365).execute();
    expect((await call('agent.gramat', 'GET', `/api/persons/${person.id}/history`)).status).toBe(200);

    const outcome = await at(731).execute();
    expect(outcome.erased).toBeGreaterThanOrEqual(1);
    expect((await call('agent.gramat', 'GET', `/api/persons/${person.id}/history`)).status).toBe(404);
    const search = await call('agent.gramat', 'GET', `/api/persons?q=${encodeURIComponent(body.lastName)}`);
    expect(search.body.items.map((p: { id: string }) => p.id)).not.toContain(person.id);

    // The reception is still counted, without anything that names her.
    const listed = await call('agent.gramat', 'GET', `/api/receptions?siteId=${gramat.siteId}&limit=200`);
    const kept = listed.body.items.find((r: { id: string }) => r.id === reception.body.id);
    expect(kept).toMatchObject({ channel: 'site', themes: ['famille'], anonymous: { communeCode: '46128', ageRange: expect.any(String) } });
    expect(kept.personId).toBeUndefined();
    expect(kept.summary).toBeUndefined();
    // The referral keeps its statuses, not its note nor the partner's words.
    const referral = await call('agent.gramat', 'GET', `/api/referrals/${sent.body.id}`);
    expect(referral.body).toMatchObject({ status: 'accepted', liaisonNote: ERASED_NOTE });
    expect(referral.body.personId).toBeUndefined();
    expect(JSON.stringify(referral.body)).not.toMatch(/Madame X/);

    const erased = (await intakeEvents('PersonErased')).find((e) => e.data.personId === person.id);
    expect(erased?.data).toMatchObject({ personId: person.id, reason: 'retention' });
    expect((await auditOf(person.id)).some((a) => a.action === 'erase' && a.actorId === 'system:retention')).toBe(true);
    // Nothing left under her record.
    const left = await ddb().send(
      new QueryCommand({
        TableName: tableName('intake', 'main'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PERSON#${person.id}` },
        ConsistentRead: true,
      }),
    );
    expect(left.Items ?? []).toEqual([]);
    // Nor her identity link's index entry: that FranceConnect identity opens nothing any more.
    expect(await links.personOf(sub)).toBeUndefined();
    expect(
      (await ddb().send(new GetCommand({ TableName: tableName('intake', 'main'), Key: franceConnectSubKey(sub), ConsistentRead: true })))
        .Item,
    ).toBeUndefined();
  });
});
