/**
 * The person answers her satisfaction survey on the web (issue 15, point 3; ADR 0038), on the
 * local stack: the survey sent to her number is hers to answer, with the same mark as by SMS
 * (`SurveyAnswered`, counted in the results); once answered, neither the web nor an SMS takes a
 * second mark; « ne plus recevoir » is the same opt-out as STOP. Another person never sees it.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { surveysDeps } from '../../services/surveys/handlers/deps';
import { makeInboundSms } from '../../services/surveys/handlers/inbound-sms';
import { resetSurveysSettings } from '../../services/surveys/surveys.settings';
import { makeDispatchDueSurveys } from '../../services/surveys/use-cases/sending.use-cases';
import { signLocalPersonToken } from '../../shared/auth/local-jwt';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';

jest.setTimeout(120_000);

let stack: LocalStack;
let api: Api;
let token: string;
const gramat = DEMO_USERS.find((u) => u.username === 'agent.gramat')!;
const gramatSite = DEMO_SITES.find((s) => s.id === gramat.siteId)!;
const inbound = makeInboundSms(surveysDeps);

let counter = 0;
/** A consenting person received at Gramat, her survey SMS sent: her id and the survey's. */
async function surveyedPerson(phone: string): Promise<{ personId: string; surveyId: string }> {
  counter++;
  const person = await api.call('POST', '/api/persons', {
    token,
    body: {
      lastName: ['Delpech', 'Bessières', 'Lafon'][counter % 3],
      firstName: ['Rose', 'Paule', 'Jeanne'][counter % 3],
      birthDate: `19${70 + counter}-0${counter}-1${counter}`,
      communeCode: '46127',
      phone,
      consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: true, method: 'oral' } },
    },
  });
  expect(person.status).toBe(201);
  const reception = await api.call('POST', '/api/receptions', {
    token,
    body: { siteId: gramat.siteId, channel: 'site', personId: person.body.id, themes: ['numerique'] },
  });
  expect(reception.status).toBe(201);
  await stack.drain();
  await makeDispatchDueSurveys(surveysDeps).execute();
  await stack.drain();
  const outbox = await api.call('GET', '/api/dev/outbox?channel=sms&limit=200', { token: await api.token('pilote') });
  const e164 = `+33${phone.slice(1)}`;
  const sms = outbox.body.items.filter((i: { to: string; payload: { kind: string } }) => i.to === e164 && i.payload.kind === 'survey');
  expect(sms).toHaveLength(1);
  return { personId: person.body.id, surveyId: sms[0].payload.surveyId as string };
}

const stored = async (id: string) =>
  (
    await ddb().send(
      new GetCommand({ TableName: tableName('surveys', 'main'), Key: { pk: `SURVEY#${id}`, sk: 'SURVEY' }, ConsistentRead: true }),
    )
  ).Item;

beforeAll(async () => {
  process.env.RELAIS_SURVEY_DELAY_MINUTES = '0';
  process.env.RELAIS_SMS_QUIET_HOURS = 'off';
  process.env.RELAIS_SMS_QUIET_DAYS = 'off';
  resetSurveysSettings();
  stack = await startTestStack();
  api = apiClient(stack.url);
  token = await api.token('agent.gramat');
  await stack.drain();
  await waitFor(async () => {
    const got = await ddb().send(
      new GetCommand({ TableName: tableName('surveys', 'main'), Key: { pk: `SITE#${gramatSite.id}`, sk: 'SITE' } }),
    );
    return got.Item?.name ? true : undefined;
  }, 'the directory projection');
});

afterAll(async () => {
  await stack?.stop();
  for (const k of ['RELAIS_SURVEY_DELAY_MINUTES', 'RELAIS_SMS_QUIET_HOURS', 'RELAIS_SMS_QUIET_DAYS']) delete process.env[k];
  resetSurveysSettings();
});

describe('her survey on the web', () => {
  it('shows the survey sent to her number, takes the same mark as by SMS, once', async () => {
    const { personId, surveyId } = await surveyedPerson('0612340101');
    const person = await signLocalPersonToken(personId);
    const mine = await api.call('GET', '/api/me/person/survey', { token: person });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      survey: { id: surveyId, placeName: expect.any(String), trigger: 'reception', sentAt: expect.any(String) },
      optedOut: false,
    });

    const bad = await api.call('POST', '/api/me/person/survey/answer', {
      token: person,
      body: { surveyId: 'x', score: 6, comment: '', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.comment',
      'body.extra',
      'body.score',
      'body.surveyId',
    ]);
    expect((await stored(surveyId))?.status).toBe('sent');

    const answered = await api.call('POST', '/api/me/person/survey/answer', {
      token: person,
      body: { surveyId, score: 4, comment: 'Très bon accueil, merci.' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ status: 'answered', score: 4 });
    expect(await stored(surveyId)).toMatchObject({ status: 'answered', score: 4, comment: 'Très bon accueil, merci.' });

    // Answered: nothing left to answer, on the web or by SMS.
    expect((await api.call('GET', '/api/me/person/survey', { token: person })).body.survey).toBeNull();
    expect((await api.call('POST', '/api/me/person/survey/answer', { token: person, body: { surveyId, score: 2 } })).status).toBe(404);
    expect(await inbound({ from: '+33612340101', body: '1' })).toBe('ignored');
    expect((await stored(surveyId))?.score).toBe(4);
  });

  it('is hers alone: another person gets 404 for it, a professional 403', async () => {
    const { surveyId } = await surveyedPerson('0612340102');
    const other = await signLocalPersonToken((await surveyedPerson('0612340103')).personId);
    expect((await api.call('POST', '/api/me/person/survey/answer', { token: other, body: { surveyId, score: 5 } })).status).toBe(404);
    expect((await stored(surveyId))?.status).toBe('sent');
    expect((await api.call('GET', '/api/me/person/survey', { token })).status).toBe(403);
    const nobody = await signLocalPersonToken('01KDVDZZZZZZZZZZZZZZZZZZZZ');
    expect((await api.call('GET', '/api/me/person/survey', { token: nobody })).body).toEqual({ survey: null, optedOut: false });
    expect((await api.call('POST', '/api/me/person/survey/stop', { token: nobody, body: {} })).status).toBe(404);
  });

  it('stops her surveys as STOP does: opted out, no survey to answer, and the SMS reply finds her already out', async () => {
    const { personId } = await surveyedPerson('0612340104');
    const person = await signLocalPersonToken(personId);
    const stop = await api.call('POST', '/api/me/person/survey/stop', { token: person, body: {} });
    expect(stop.status).toBe(200);
    expect((await api.call('GET', '/api/me/person/survey', { token: person })).body).toEqual({ survey: null, optedOut: true });
    expect(await inbound({ from: '+33612340104', body: 'STOP' })).toBe('already_opted_out');
  });
});
