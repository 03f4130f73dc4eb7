/**
 * The set-up the satisfaction-survey integration tests share (person-survey, surveys-two-way,
 * survey-web-answer): a test stack with surveys sent at once and no quiet hours, waiting for the
 * surveys service's projection of the Gramat site; a consenting person received at Gramat whose
 * survey SMS is then in the local outbox.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { surveysDispatchDeps } from '../../services/surveys/handlers/dispatch.deps';
import { resetSurveysSettings } from '../../services/surveys/surveys.settings';
import { makeDispatchDueSurveys } from '../../services/surveys/use-cases/sending.use-cases';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from './local-stack';
import { waitFor } from './wait';

export const gramat = DEMO_USERS.find((u) => u.username === 'agent.gramat')!;
export const gramatSite = DEMO_SITES.find((s) => s.id === gramat.siteId)!;

export interface SurveyStack {
  stack: LocalStack;
  api: Api;
  /** Gramat's agent, who records the persons and their receptions. */
  token: string;
}

const SURVEY_ENV = { RELAIS_SURVEY_DELAY_MINUTES: '0', RELAIS_SMS_QUIET_HOURS: 'off', RELAIS_SMS_QUIET_DAYS: 'off' };

/**
 * Starts the file's stack before its tests (the survey settings given, plus `env`) and stops it
 * after them, the settings removed. Call at the top of a file; the object is filled in `beforeAll`.
 */
export function withSurveyStack(env: Record<string, string> = {}): SurveyStack {
  const vars: Record<string, string> = { ...SURVEY_ENV, ...env };
  const ctx = {} as SurveyStack;
  beforeAll(async () => {
    Object.assign(process.env, vars);
    resetSurveysSettings();
    ctx.stack = await startTestStack();
    ctx.api = apiClient(ctx.stack.url);
    ctx.token = await ctx.api.token('agent.gramat');
    await ctx.stack.drain();
    await waitFor(async () => {
      const got = await ddb().send(
        new GetCommand({ TableName: tableName('surveys', 'main'), Key: { pk: `SITE#${gramatSite.id}`, sk: 'SITE' } }),
      );
      return got.Item?.name ? true : undefined;
    }, 'the directory projection');
  });
  afterAll(async () => {
    await ctx.stack?.stop();
    for (const k of Object.keys(vars)) delete process.env[k];
    resetSurveysSettings();
  });
  return ctx;
}

const LAST_NAMES = ['Delpech', 'Bessières', 'Lafon', 'Calmels', 'Vayssière', 'Vernhet', 'Cassagnes', 'Lacombe', 'Bouyssou'];
const FIRST_NAMES = ['Rose', 'Paule', 'Jeanne', 'Odette', 'Simone', 'Lucie', 'Odile', 'Gisèle', 'Solange', 'Mireille'];
let counter = 0;

/** A person living at Gramat with this number, consenting to SMS surveys (not to network sharing): her id. */
export async function consentingPerson(s: SurveyStack, phone: string): Promise<string> {
  counter++;
  const created = await s.api.call('POST', '/api/persons', {
    token: s.token,
    body: {
      lastName: LAST_NAMES[counter % LAST_NAMES.length],
      firstName: FIRST_NAMES[counter % FIRST_NAMES.length],
      birthDate: `19${String(50 + counter).padStart(2, '0')}-0${(counter % 9) + 1}-1${counter % 10}`,
      communeCode: '46127',
      phone,
      consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: true, method: 'oral' } },
    },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/** A reception of the person at Gramat; the events, the survey schedule and the queue run. */
export async function receivedAtGramat(s: SurveyStack, personId: string): Promise<void> {
  const reception = await s.api.call('POST', '/api/receptions', {
    token: s.token,
    body: { siteId: gramat.siteId, channel: 'site', personId, themes: ['numerique'] },
  });
  expect(reception.status).toBe(201);
  await s.stack.drain();
  await makeDispatchDueSurveys(surveysDispatchDeps).execute();
  await s.stack.drain();
}

/** The survey SMS of the local outbox sent to this number (E.164). */
export async function surveySmsTo(s: SurveyStack, e164: string): Promise<Array<{ text: string; surveyId: string }>> {
  const outbox = await s.api.call('GET', '/api/dev/outbox?channel=sms&limit=200', { token: await s.api.token('pilote') });
  return outbox.body.items
    .filter((i: { to: string; payload: { kind: string } }) => i.to === e164 && i.payload.kind === 'survey')
    .map((i: { payload: { text: string; surveyId: string } }) => i.payload);
}

/** A consenting person received at Gramat, her one survey SMS sent: her id and the survey's. */
export async function surveyedPerson(
  s: SurveyStack,
  phone: string,
  e164 = phone.startsWith('+') ? phone : `+33${phone.slice(1)}`,
): Promise<{ personId: string; surveyId: string }> {
  const personId = await consentingPerson(s, phone);
  await receivedAtGramat(s, personId);
  const sms = await surveySmsTo(s, e164);
  expect(sms).toHaveLength(1);
  return { personId, surveyId: sms[0]!.surveyId };
}

/** The survey's stored item (strongly consistent read). */
export const storedSurvey = async (id: string) =>
  (
    await ddb().send(
      new GetCommand({ TableName: tableName('surveys', 'main'), Key: { pk: `SURVEY#${id}`, sk: 'SURVEY' }, ConsistentRead: true }),
    )
  ).Item;
