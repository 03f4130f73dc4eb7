/**
 * The services together, through their real publishers, on one local stack: a named reception
 * of a person who accepted SMS surveys (intake) is surveyed by SMS (surveys); she is referred to
 * the CAF, which declines with a reason category; a parcours is opened with her agreement, a CAF
 * member, a goal, and closed with its assessment (parcours); an immersion gathers two
 * professionals (directory). The indicators (issue 7) move accordingly, learning everything from
 * the events: no service reads another's table.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { surveysDispatchDeps } from '../../services/surveys/handlers/dispatch.deps';
import { resetSurveysSettings } from '../../services/surveys/surveys.settings';
import { makeDispatchDueSurveys } from '../../services/surveys/use-cases/sending.use-cases';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const figeac = user('ts.figeac');
const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const departement = DEMO_ORGANISATIONS.find((o) => o.id === figeac.organisationId)!;
const PHONE = '+33612349876';
const YEAR = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date());
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });
const saved = { ...process.env };

type Indicator = { value: number | null };
async function indicators() {
  const res = await call('pilote', 'GET', `/api/indicators?year=${YEAR}`);
  expect(res.status).toBe(200);
  return res.body as {
    indicators: Record<string, Indicator>;
    observatory: { receptions: number; unmetNeeds: { declinedReferrals: number; declinedByReason: Array<{ key: string; count: number }> } };
  };
}

/** The satisfaction surveys sent to her (her referral's own messages, ADR 0033, are not surveys). */
async function smsToHer() {
  const res = await call('pilote', 'GET', '/api/dev/outbox?channel=sms&limit=200');
  return (res.body.items as Array<{ to: string; payload: { kind?: string } }>).filter((i) => i.to === PHONE && i.payload.kind === 'survey');
}

/** Events reach every consumer; the surveys' schedule runs as it does every minute. */
async function settle() {
  await stack.drain();
  await makeDispatchDueSurveys(surveysDispatchDeps).execute();
  await stack.drain();
}

beforeAll(async () => {
  process.env.RELAIS_SURVEY_DELAY_MINUTES = '0';
  process.env.RELAIS_SMS_QUIET_HOURS = 'off';
  process.env.RELAIS_SMS_QUIET_DAYS = 'off';
  resetSurveysSettings();
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['ts.figeac', 'partenaire.caf', 'pilote']) {
    tokens[u] = await api.token(u);
    ids[u] = (await call(u, 'GET', '/api/me')).body.id;
  }
  await stack.drain();
});

afterAll(async () => {
  await stack?.stop();
  process.env = { ...saved };
  resetSurveysSettings();
});

describe('one person’s path across the network, and what the indicators learn of it', () => {
  it('moves the satisfaction, orientation, parcours and training indicators from the real events', async () => {
    const before = await indicators();
    expect(before.indicators.closedParcoursWithAssessment?.value ?? null).toBeNull();

    // Intake: a social worker records a home visit of a person who accepted SMS surveys.
    const person = await call('ts.figeac', 'POST', '/api/persons', {
      lastName: 'Vayssière',
      firstName: 'Odette',
      birthDate: '1958-09-14',
      communeCode: '46102',
      phone: '06 12 34 98 76',
      consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: true, method: 'oral' } },
    });
    expect(person.status).toBe(201);
    const personId = person.body.id as string;
    const reception = await call('ts.figeac', 'POST', '/api/receptions', {
      siteId: figeac.siteId,
      channel: 'home_visit',
      personId,
      themes: ['famille'],
    });
    expect(reception.status).toBe(201);
    await settle();

    // Surveys: one SMS to her E.164 number, naming the place.
    const first = await smsToHer();
    expect(first).toHaveLength(1);

    // Intake → directory: referred to the CAF, which declines with a reason category.
    const referral = await call('ts.figeac', 'POST', '/api/referrals', {
      toOrganisationId: caf.id,
      personId,
      receptionId: reception.body.id,
      themes: ['famille'],
      reason: 'Ouverture de droits',
      liaisonNote: 'Séparation récente, deux enfants.',
    });
    expect(referral.status).toBe(201);
    const declined = await call('partenaire.caf', 'POST', `/api/referrals/${referral.body.id}/decline`, {
      reason: 'Relève de la MSA',
      reasonCode: 'hors_competence',
    });
    expect(declined.status).toBe(200);

    // Parcours: opened with her agreement, a CAF member, a goal, closed with its assessment.
    const opened = await call('ts.figeac', 'POST', '/api/parcours', {
      personId,
      referentUserId: ids['ts.figeac'],
      agreement: { referentChosenByPerson: true, sharingAccepted: true, date: today(), method: 'written' },
    });
    expect(opened.status).toBe(201);
    const parcoursId = opened.body.id as string;
    const member = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/members`, {
      userId: ids['partenaire.caf'],
      name: user('partenaire.caf').name,
      organisationId: caf.id,
      role: 'Conseillère CAF',
    });
    expect(member.status).toBe(201);
    const goal = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/goals`, {
      title: 'Ouvrir les droits',
      actions: [{ label: 'Constituer le dossier', ownerMemberId: member.body.id, dueDate: today() }],
    });
    expect(goal.status).toBe(201);
    const closed = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/close`, {
      reason: 'Objectifs atteints',
      goals: [{ goalId: goal.body.id, outcome: 'achieved' }],
      personView: 'On m’a aidée à tout remettre en ordre.',
    });
    expect(closed.status).toBe(200);

    // Directory: an immersion with two professionals.
    const immersion = await call('pilote', 'POST', '/api/network-events', {
      kind: 'immersion',
      title: 'Immersion croisée CAF et département',
      date: today(),
      participants: [
        { name: 'Claire Delmas', organisationId: caf.id },
        { name: 'Marc Couderc', organisationId: departement.id },
      ],
    });
    expect(immersion.status).toBe(201);
    await settle();

    const after = await indicators();
    expect(after.indicators.closedParcoursWithAssessment?.value).toBe(1);
    expect(after.indicators.peopleAccompanied?.value).toBeGreaterThanOrEqual(1);
    expect(after.indicators.referentPartners?.value).toBeGreaterThanOrEqual(1);
    expect(after.indicators.professionalsTrained?.value).toBe((before.indicators.professionalsTrained?.value ?? 0) + 2);
    expect(after.indicators.organisationsMeasuringSatisfaction?.value).toBeGreaterThan(
      before.indicators.organisationsMeasuringSatisfaction?.value ?? 0,
    );
    expect(after.observatory.receptions).toBe(before.observatory.receptions + 1);
    expect(after.observatory.unmetNeeds.declinedReferrals).toBe(before.observatory.unmetNeeds.declinedReferrals + 1);
    expect(after.observatory.unmetNeeds.declinedByReason.find((r) => r.key === 'hors_competence')?.count).toBe(1);

    // The closing asks her too, but she was surveyed days ago: one survey per 14 days at most.
    expect(await smsToHer()).toHaveLength(1);
  });
});
