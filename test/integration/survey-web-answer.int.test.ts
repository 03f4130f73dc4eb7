/**
 * A stage without a two-way number (issue 18, point 2; ADR 0041), on the local stack: the survey
 * SMS in the outbox holds a signed link to a one-question page; answering on its route scores the
 * survey as an SMS reply would (the satisfaction results count it); a second answer, a forged or
 * a bad one changes nothing; « ne plus recevoir de messages » there is STOP: no survey goes to that
 * number again, while a number that did not stop gets its next one.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { surveysDeps } from '../../services/surveys/handlers/deps';
import { makeInboundSms } from '../../services/surveys/handlers/inbound-sms';
import { resetSurveysSettings } from '../../services/surveys/surveys.settings';
import { makeDispatchDueSurveys } from '../../services/surveys/use-cases/sending.use-cases';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { gsm7Length, SMS_MAX } from '../../shared/sms/gsm7';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(150_000);

let stack: LocalStack;
let api: Api;
let token: string;
const gramat = DEMO_USERS.find((u) => u.username === 'agent.gramat')!;
const gramatSite = DEMO_SITES.find((s) => s.id === gramat.siteId)!;
const inbound = makeInboundSms(surveysDeps);
const ENV = ['RELAIS_SURVEY_DELAY_MINUTES', 'RELAIS_SMS_QUIET_HOURS', 'RELAIS_SMS_QUIET_DAYS', 'RELAIS_SMS_TWO_WAY'];

async function surveySms(e164: string): Promise<Array<{ text: string; surveyId: string }>> {
  const outbox = await api.call('GET', '/api/dev/outbox?channel=sms&limit=200', { token: await api.token('pilote') });
  return outbox.body.items
    .filter((i: { to: string; payload: { kind: string } }) => i.to === e164 && i.payload.kind === 'survey')
    .map((i: { payload: { text: string; surveyId: string } }) => i.payload);
}

/** A reception at Gramat of a consenting person with this number; the schedule and the queue run. */
async function received(personId: string): Promise<void> {
  const reception = await api.call('POST', '/api/receptions', {
    token,
    body: { siteId: gramat.siteId, channel: 'site', personId, themes: ['numerique'] },
  });
  expect(reception.status).toBe(201);
  await stack.drain();
  await makeDispatchDueSurveys(surveysDeps).execute();
  await stack.drain();
}

let counter = 0;
async function person(phone: string): Promise<string> {
  counter++;
  const created = await api.call('POST', '/api/persons', {
    token,
    body: {
      lastName: ['Calmels', 'Vayssière'][counter % 2],
      firstName: ['Odette', 'Simone'][counter % 2],
      birthDate: `196${counter}-0${counter}-2${counter}`,
      communeCode: '46127',
      phone,
      consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: true, method: 'oral' } },
    },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const linkToken = (text: string) => {
  const match = /\/#\/reponse\/([^\s]+)$/.exec(text);
  if (!match) throw new Error(`no link in « ${text} »`);
  return match[1] as string;
};

beforeAll(async () => {
  process.env.RELAIS_SURVEY_DELAY_MINUTES = '0';
  process.env.RELAIS_SMS_QUIET_HOURS = 'off';
  process.env.RELAIS_SMS_QUIET_DAYS = 'off';
  process.env.RELAIS_SMS_TWO_WAY = 'false';
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
  jest.restoreAllMocks();
  await stack?.stop();
  for (const k of ENV) delete process.env[k];
  resetSurveysSettings();
});

describe('without a two-way number, the survey is answered on its one-question page', () => {
  const answering = '+33612349901';
  const stopping = '+33612349902';
  let answeringPerson: string;
  let stoppingPerson: string;

  it('the SMS holds the signed link, one GSM-7 SMS; the page names the place', async () => {
    answeringPerson = await person('0612349901');
    await received(answeringPerson);
    const [sms] = await surveySms(answering);
    expect(sms).toBeDefined();
    expect(sms!.text).toContain(`${stack.url}/#/reponse/${sms!.surveyId}.`);
    expect(sms!.text).not.toContain('STOP');
    expect(gsm7Length(sms!.text)).toBeLessThanOrEqual(SMS_MAX);

    const page = await api.call('GET', `/api/survey-links/${linkToken(sms!.text)}`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ placeName: gramatSite.name, trigger: 'reception', expiresAt: expect.any(String), optedOut: false });
    expect(Date.parse(page.body.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3_600_000);
  });

  it('the mark on the page is scored and counted in the results, once; bad, forged or reused links change nothing', async () => {
    const [sms] = await surveySms(answering);
    const link = linkToken(sms!.text);
    const pilote = await api.token('pilote');
    const before = await api.call('GET', `/api/surveys/results?organisationId=${gramat.organisationId}`, { token: pilote });
    expect(before.status).toBe(200);

    const bad = await api.call('POST', `/api/survey-links/${link}`, { body: { score: 6, comment: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.comment', 'body.score']);
    const forged = await api.call('POST', `/api/survey-links/${link.slice(0, -3)}abc`, { body: { score: 5 } });
    expect(forged.status).toBe(401);
    expect(forged.body.title).toBe('Lien invalide');

    const answered = await api.call('POST', `/api/survey-links/${link}`, { body: { score: 4 } });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ status: 'answered', score: 4 });

    const after = await api.call('GET', `/api/surveys/results?organisationId=${gramat.organisationId}`, { token: pilote });
    expect(after.body.answered).toBe(before.body.answered + 1);
    expect(after.body.distribution['4']).toBe(before.body.distribution['4'] + 1);

    const again = await api.call('POST', `/api/survey-links/${link}`, { body: { score: 1 } });
    expect(again.status).toBe(410);
    expect(again.body.title).toBe('Déjà répondu');
    expect((await api.call('GET', `/api/survey-links/${link}`)).status).toBe(410);
    const last = await api.call('GET', `/api/surveys/results?organisationId=${gramat.organisationId}`, { token: pilote });
    expect(last.body.answered).toBe(after.body.answered);
  });

  it('« ne plus recevoir de messages » on the page is STOP: no survey to that number again', async () => {
    stoppingPerson = await person('0612349902');
    await received(stoppingPerson);
    const [sms] = await surveySms(stopping);
    const stop = await api.call('POST', `/api/survey-links/${linkToken(sms!.text)}/stop`, { body: {} });
    expect(stop.status).toBe(200);
    expect(stop.body).toEqual({ optedOut: true });
    expect((await api.call('GET', `/api/survey-links/${linkToken(sms!.text)}`)).body.optedOut).toBe(true);
    // The very opt-out an SMS « STOP » records.
    expect(await inbound({ from: stopping, body: 'STOP' })).toBe('already_opted_out');

    // Fifteen days on (past the one-survey-per-14-days rule), both are received again: the number
    // that did not stop gets its next survey, the one that stopped gets none.
    const later = new Date(Date.now() + 15 * 24 * 3_600_000);
    jest.spyOn(surveysDeps.clock, 'now').mockImplementation(() => new Date(later));
    await received(answeringPerson);
    await received(stoppingPerson);
    expect(await surveySms(answering)).toHaveLength(2);
    expect(await surveySms(stopping)).toHaveLength(1);
  });
});
