/**
 * SMS satisfaction surveys on the local stack (API.md, Surveys; rule 7): a reception of a person
 * who accepted SMS surveys produces one SMS in the outbox; her reply is recorded and shows in
 * the results; STOP opts her out with one confirmation and nothing is sent afterwards; the
 * monthly budget stops sending and raises the metric; the carrier stand-in refuses calls
 * without its secret and malformed bodies.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { surveysDeps } from '../../services/surveys/handlers/deps';
import { surveysDispatchDeps } from '../../services/surveys/handlers/dispatch.deps';
import { parisMonth } from '../../shared/sms/month';
import { phoneHash } from '../../services/surveys/domain/phone-hash';
import { resetSurveysSettings } from '../../services/surveys/surveys.settings';
import { makeDispatchDueSurveys } from '../../services/surveys/use-cases/sending.use-cases';
import { makeApplyEvent } from '../../services/surveys/use-cases/triggers.use-cases';
import { ReceptionRecorded } from '../../services/intake/events/intake.events';
import { UnitOfWork } from '../../shared/dynamo/unit-of-work';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

const SECRET = 'test-carrier-secret-0123456789';
let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};

const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const gramat = user('agent.gramat');
const gramatSite = DEMO_SITES.find((s) => s.id === gramat.siteId)!;
const departement = DEMO_ORGANISATIONS.find((o) => o.id === gramat.organisationId)!;
const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;

const call = (username: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  api.call(method, path, { token: tokens[username], body, headers });
const inbound = (from: string, body: string, secret: string | null = SECRET) =>
  api.call('POST', '/api/sms/inbound', { body: { from, body }, headers: secret ? { 'x-relais-carrier-secret': secret } : {} });

let counter = 0;
async function consentingPerson(phone: string, smsSurveys = true) {
  counter++;
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName: `Enquete${String.fromCharCode(97 + counter)}${counter}`,
    firstName: 'Martine',
    birthDate: '1971-03-02',
    communeCode: '46127',
    phone,
    consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: smsSurveys, method: 'oral' } },
  });
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

async function receive(personId: string) {
  const res = await call('agent.gramat', 'POST', '/api/receptions', {
    siteId: gramat.siteId,
    channel: 'site',
    personId,
    themes: ['numerique'],
  });
  expect(res.status).toBe(201);
}

/** The events reach the surveys service, the schedule runs (as every minute), the send queue drains. */
async function deliverDueSurveys() {
  await stack.drain();
  await makeDispatchDueSurveys(surveysDispatchDeps).execute();
  await stack.drain();
}

async function smsTo(phone: string): Promise<Array<{ to: string; payload: { text: string; kind: string; surveyId?: string } }>> {
  const res = await call('pilote', 'GET', '/api/dev/outbox?channel=sms&limit=200');
  expect(res.status).toBe(200);
  return res.body.items.filter((i: { to: string }) => i.to === phone);
}

async function surveysOfNumber(phone: string) {
  const last = await ddb().send(
    new GetCommand({
      TableName: tableName('surveys', 'main'),
      Key: { pk: `PHONE#${phoneHash(phone, await surveysDeps.phoneSecret())}`, sk: 'LAST' },
    }),
  );
  return last.Item;
}

beforeAll(async () => {
  process.env.RELAIS_SURVEY_DELAY_MINUTES = '0';
  process.env.RELAIS_SMS_QUIET_HOURS = 'off';
  process.env.RELAIS_SMS_QUIET_DAYS = 'off';
  process.env.RELAIS_CARRIER_SECRET = SECRET;
  process.env.RELAIS_SMS_MONTHLY_BUDGET = '1000';
  resetSurveysSettings();
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'partenaire.caf', 'pilote']) tokens[u] = await api.token(u);
  // The directory's demo data reaches surveys through events: wait for its copy of the site (with its name).
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
  for (const k of [
    'RELAIS_SURVEY_DELAY_MINUTES',
    'RELAIS_SMS_QUIET_HOURS',
    'RELAIS_SMS_QUIET_DAYS',
    'RELAIS_CARRIER_SECRET',
    'RELAIS_SMS_MONTHLY_BUDGET',
  ]) {
    delete process.env[k];
  }
  resetSurveysSettings();
});

describe('a survey from reception to results', () => {
  const PHONE = '+33612340001';
  let personId: string;

  it('a reception of a consenting person produces one SMS to her E.164 number, naming the place', async () => {
    personId = (await consentingPerson('06 12 34 00 01')).id;
    await receive(personId);
    await deliverDueSurveys();
    const sms = await smsTo(PHONE);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.payload.kind).toBe('survey');
    expect(sms[0]!.payload.text).toContain(gramatSite.name);
    expect(sms[0]!.payload.text).toContain('STOP');
    expect(sms[0]!.payload.text.length).toBeLessThanOrEqual(160);
    // Running the schedule again sends nothing more.
    await deliverDueSurveys();
    expect(await smsTo(PHONE)).toHaveLength(1);
  });

  it('her reply "4" is recorded and appears in the results, with a comment sent next', async () => {
    const before = await call('pilote', 'GET', `/api/surveys/results?organisationId=${departement.id}`);
    expect(before.status).toBe(200);
    const answer = await inbound(' 06 12 34 00 01', '4');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'answered' });
    expect((await inbound(PHONE, 'Accueil rapide et aimable')).body).toEqual({ outcome: 'commented' });

    const after = await call('pilote', 'GET', `/api/surveys/results?organisationId=${departement.id}`);
    expect(after.status).toBe(200);
    expect(after.body.sent).toBe(before.body.sent);
    expect(after.body.answered).toBe(before.body.answered + 1);
    expect(after.body.distribution['4']).toBe(before.body.distribution['4'] + 1);
    expect(after.body.averageScore).not.toBeNull();
    expect(after.body.comments).toEqual(
      expect.arrayContaining([expect.objectContaining({ score: 4, comment: 'Accueil rapide et aimable', siteId: gramat.siteId })]),
    );
    expect(after.body.monthly.length).toBeGreaterThan(0);
    expect(after.body.sites).toEqual(expect.arrayContaining([{ siteId: gramat.siteId, name: gramatSite.name }]));

    // By site; not by reception agents (SECURITY.md: indicators and results are the coordination's
    // and, for its own organisation, a partner's); another organisation is refused to a partner.
    const bySite = await call('pilote', 'GET', `/api/surveys/results?organisationId=${departement.id}&siteId=${gramat.siteId}`);
    expect(bySite.body.answered).toBeGreaterThanOrEqual(1);
    expect((await call('agent.gramat', 'GET', '/api/surveys/results')).status).toBe(403);
    expect((await call('partenaire.caf', 'GET', `/api/surveys/results?organisationId=${departement.id}`)).status).toBe(403);
    expect((await call('partenaire.caf', 'GET', `/api/surveys/results?organisationId=${caf.id}`)).status).toBe(200);
    expect((await api.call('GET', '/api/surveys/results')).status).toBe(401);
    expect((await call('pilote', 'GET', '/api/surveys/results?organisationId=nope&from=2026-13-01')).status).toBe(400);

    // The organisation now counts among those that measure satisfaction (the indicator).
    const measuring = await call('pilote', 'GET', '/api/surveys/organisations');
    expect(measuring.status).toBe(200);
    expect(measuring.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ organisationId: departement.id, sent: expect.any(Number) })]),
    );
    expect((await call('partenaire.caf', 'GET', '/api/surveys/organisations')).status).toBe(403);
  });

  it('"STOP" opts her out with one confirmation, and a later reception sends nothing', async () => {
    expect((await inbound(PHONE, 'STOP')).body).toEqual({ outcome: 'opted_out' });
    expect((await inbound(PHONE, 'ARRÊT')).body).toEqual({ outcome: 'already_opted_out' });
    const confirmations = (await smsTo(PHONE)).filter((s) => s.payload.kind === 'opt_out_confirmation');
    expect(confirmations).toHaveLength(1);

    // Even once the 14 days are over (the marker removed), a reception creates no survey.
    const hash = phoneHash(PHONE, await surveysDeps.phoneSecret());
    await ddb().send(new DeleteCommand({ TableName: tableName('surveys', 'main'), Key: { pk: `PHONE#${hash}`, sk: 'LAST' } }));
    await receive(personId);
    await deliverDueSurveys();
    expect(await surveysOfNumber(PHONE)).toBeUndefined();
    expect((await smsTo(PHONE)).filter((s) => s.payload.kind === 'survey')).toHaveLength(1);
  });

  it('a number that said STOP before any survey never gets one', async () => {
    const phone = '+33612340002';
    expect((await inbound(phone, 'stop sms')).body).toEqual({ outcome: 'opted_out' });
    const person = await consentingPerson(phone);
    await receive(person.id);
    await deliverDueSurveys();
    expect(await surveysOfNumber(phone)).toBeUndefined();
    expect((await smsTo(phone)).filter((s) => s.payload.kind === 'survey')).toHaveLength(0);
  });

  it('a person without the SMS consent is not surveyed', async () => {
    const phone = '+33612340003';
    const person = await consentingPerson(phone, false);
    await receive(person.id);
    await deliverDueSurveys();
    expect(await smsTo(phone)).toHaveLength(0);
  });
});

describe('quiet hours with a fixed clock (the use cases on DynamoDB Local)', () => {
  it('a survey due at 21:00 on a weekday waits until 09:00; on a Sunday until Monday 09:00', async () => {
    let now = new Date('2026-11-25T20:00:00Z'); // Wednesday 21:00 in Paris
    const queued: string[] = [];
    const deps = {
      ...surveysDeps,
      clock: { now: () => now },
      rules: () => ({ delayMinutes: 0, quietHours: { start: '20:00', end: '09:00' }, quietDays: ['sun' as const], monthlyBudget: 1000 }),
      enqueueSend: async (id: string) => {
        queued.push(id);
      },
    };
    const receive = async (phone: string) => {
      const uow = new UnitOfWork();
      const event = ReceptionRecorded.create({
        receptionId: `R${phone}`,
        siteId: gramat.siteId!,
        organisationId: departement.id,
        channel: 'site',
        themes: [],
        anonymous: false,
        receivedAt: now.toISOString(),
        phone,
        smsSurveysConsent: true,
      });
      expect(await makeApplyEvent(deps).execute({ source: event.source, detailType: event.detailType, detail: event.detail }, uow)).toBe(
        'scheduled',
      );
      await uow.commit();
      return (await surveysOfNumber(phone))?.surveyId as string;
    };
    const dispatch = makeDispatchDueSurveys(deps);
    const weekday = await receive('+33612340101');
    await dispatch.execute();
    expect(queued).not.toContain(weekday);
    now = new Date('2026-11-26T07:59:00Z');
    await dispatch.execute();
    expect(queued).not.toContain(weekday);
    now = new Date('2026-11-26T08:00:00Z'); // Thursday 09:00 in Paris
    await dispatch.execute();
    expect(queued).toContain(weekday);

    now = new Date('2026-11-29T10:00:00Z'); // Sunday 11:00 in Paris
    const sunday = await receive('+33612340102');
    now = new Date('2026-11-30T07:59:00Z');
    await dispatch.execute();
    expect(queued).not.toContain(sunday);
    now = new Date('2026-11-30T08:00:00Z'); // Monday 09:00 in Paris
    await dispatch.execute();
    expect(queued).toContain(sunday);
    // Queued once: the due index no longer lists them.
    await dispatch.execute();
    expect(queued.filter((id) => id === weekday || id === sunday)).toHaveLength(2);
  });
});

describe('the monthly budget', () => {
  it('stops sending once spent and raises the alarm metric', async () => {
    const table = tableName('surveys', 'main');
    const key = { pk: `BUDGET#${parisMonth(new Date())}`, sk: 'BUDGET' };
    const saved = (await ddb().send(new GetCommand({ TableName: table, Key: key }))).Item;
    await ddb().send(new PutCommand({ TableName: table, Item: { ...key, sent: 1000 } }));
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    });
    try {
      const phone = '+33612340004';
      const person = await consentingPerson(phone);
      await receive(person.id);
      await deliverDueSurveys();
      expect(await smsTo(phone)).toHaveLength(0);
      const last = await surveysOfNumber(phone);
      const survey = await ddb().send(new GetCommand({ TableName: table, Key: { pk: `SURVEY#${last?.surveyId}`, sk: 'SURVEY' } }));
      expect(survey.Item?.status).toBe('budget_exceeded');
      const metric = lines.map((l) => l.trim()).find((l) => l.includes('"SmsBudgetExceeded"'));
      expect(metric && JSON.parse(metric)).toMatchObject({ SmsBudgetExceeded: 1, service: 'surveys' });
      // The counter never goes beyond the budget.
      expect((await ddb().send(new GetCommand({ TableName: table, Key: key }))).Item?.sent).toBe(1000);
    } finally {
      spy.mockRestore();
      await ddb().send(new PutCommand({ TableName: table, Item: saved ?? { ...key, sent: 0 } }));
    }
  });
});

describe('the SMS carrier stand-in', () => {
  it('refuses a call without the secret or with a wrong one (401)', async () => {
    expect((await inbound('+33612340001', '4', null)).status).toBe(401);
    const wrong = await inbound('+33612340001', '4', 'not-the-secret-at-all-0000');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a malformed body (400), listing the fields', async () => {
    const res = await api.call('POST', '/api/sms/inbound', {
      body: { from: 42, text: 'x' },
      headers: { 'x-relais-carrier-secret': SECRET },
    });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.from', 'body.body', 'body.text']));
    const notJson = await api.call('POST', '/api/sms/inbound', {
      rawBody: '{',
      headers: { 'content-type': 'application/json', 'x-relais-carrier-secret': SECRET },
    });
    expect(notJson.status).toBe(400);
  });

  it('ignores an SMS from an unknown number or with nothing to match, without error', async () => {
    expect((await inbound('+33799999999', '4')).body).toEqual({ outcome: 'ignored' });
    expect((await inbound('+33612340003', 'bonjour')).body).toEqual({ outcome: 'ignored' });
    expect((await inbound('hello', '4')).body).toEqual({ outcome: 'ignored' });
  });

  it('stores numbers hashed: no table item holds a replied number in clear', async () => {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName('surveys', 'main'),
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `PHONE#${phoneHash('+33612340001', await surveysDeps.phoneSecret())}` },
      }),
    );
    expect(out.Items?.length).toBeGreaterThan(0);
    expect(JSON.stringify(out.Items)).not.toContain('612340001');
  });
});
