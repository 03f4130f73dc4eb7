import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { ReceptionRecorded } from '../../intake/events/intake.events';
import { ANSWER_LINK_PATH, answerAddress, answerToken, checkAnswerToken } from '../domain/answer-link';
import { SMS_MAX, gsm7Length, surveyLinkMessage } from '../domain/message';
import type { SmsSender, SurveysDeps } from '../domain/surveys.ports';
import { EndUserMessagingSmsSender } from '../senders/end-user-messaging-sms-sender';
import { FakeSurveysRepository } from './fake-repository';
import { makeReceiveSms } from './inbound.use-cases';
import { makeDispatchDueSurveys, makeSendSurvey } from './sending.use-cases';
import { makeSurveyLink } from './survey-link.use-cases';
import { makeApplyEvent } from './triggers.use-cases';

const SECRET = 'a-link-secret-of-at-least-32-characters!';
const APP = 'https://relais.lot.fr';
const ORG = '01KDVDNA005Z9W8WQ2721G6GSM';
const SITE = '01KDVDNB005Z9W8WQ2721G6GSM';
const PHONE = '+33612345678';

describe('the survey link (ADR 0041)', () => {
  const survey = '01KDVDS0000000000000000001';
  const now = new Date('2026-11-24T09:00:00Z');
  const week = new Date(now.getTime() + 7 * 24 * 3_600_000);

  it('is short, GSM-7, and holds until its expiry only', () => {
    const token = answerToken(survey, week, SECRET);
    expect(token.length).toBeLessThanOrEqual(52);
    expect(gsm7Length(answerAddress(APP, token))).toBe(answerAddress(APP, token).length);
    expect(checkAnswerToken(token, SECRET, now)).toEqual({
      valid: true,
      surveyId: survey,
      expiresAt: new Date(Math.floor(week.getTime() / 1000) * 1000),
      expired: false,
    });
    expect(checkAnswerToken(token, SECRET, new Date(week.getTime() + 1000))).toMatchObject({ valid: true, expired: true });
  });

  it('refuses a changed survey, expiry or signature, and another secret', () => {
    const token = answerToken(survey, week, SECRET);
    const [id, exp, sig] = token.split('.') as [string, string, string];
    const other = '01KDVDS0000000000000000002';
    expect(checkAnswerToken(`${other}.${exp}.${sig}`, SECRET, now)).toEqual({ valid: false });
    expect(checkAnswerToken(`${id}.${(Number.parseInt(exp, 36) + 86_400).toString(36)}.${sig}`, SECRET, now)).toEqual({ valid: false });
    expect(checkAnswerToken(`${id}.${exp}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`, SECRET, now)).toEqual({ valid: false });
    expect(checkAnswerToken(token, `${SECRET}x`, now)).toEqual({ valid: false });
    expect(checkAnswerToken(`${token}.x`, SECRET, now)).toEqual({ valid: false });
  });

  it('the SMS carrying it stays one GSM-7 SMS, the place shortened, then dropped for a long address', () => {
    const link = answerAddress(APP, answerToken(survey, week, SECRET));
    const text = surveyLinkMessage('Maison des solidarités de Gramat', link);
    expect(text).toContain(link);
    expect(text).toMatch(/1 à 5/);
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_MAX);
    const long = surveyLinkMessage('Centre intercommunal d’action sociale de Cauvaldor, antenne de Saint-Céré', link);
    expect(gsm7Length(long)).toBeLessThanOrEqual(SMS_MAX);
    const farAway = answerAddress('https://relais-solidarites.departement-lot.fr', answerToken(survey, week, SECRET));
    const bare = surveyLinkMessage('Maison des solidarités de Gramat', farAway);
    expect(bare).toContain(farAway);
    expect(gsm7Length(bare)).toBeLessThanOrEqual(SMS_MAX);
  });
});

/** A stage without a two-way number: a reception, its survey sent with the link, on the in-memory twin. */
function setup(sender?: SmsSender) {
  let now = new Date('2026-11-24T09:00:00Z');
  const repository = new FakeSurveysRepository();
  const sent: Array<{ to: string; text: string; kind: string }> = [];
  const queue: string[] = [];
  let ids = 0;
  const deps: SurveysDeps = {
    repository,
    clock: { now: () => now },
    newId: () => `01KDVDS${String(++ids).padStart(19, '0')}`,
    phoneSecret: async () => 'test-secret',
    rules: () => ({ delayMinutes: 0, quietHours: null, quietDays: [], monthlyBudget: 100 }),
    sender: sender ?? {
      async send(to, text, ref) {
        sent.push({ to, text, kind: ref.kind });
      },
    },
    metrics: { count: () => undefined },
    enqueueSend: async (id) => {
      queue.push(id);
    },
    webAnswer: { link: async (surveyId, expiresAt) => answerAddress(APP, answerToken(surveyId, expiresAt, SECRET)) },
  };
  repository.sites.set(SITE, { id: SITE, name: 'Maison des solidarités de Gramat', organisationId: ORG, version: 1 });
  const receive = makeReceiveSms(deps);
  const stopped: string[] = [];
  const link = makeSurveyLink({ ...deps, linkSecret: async () => SECRET }, async (hash) => {
    stopped.push(hash);
    const uow = new UnitOfWork();
    return (await receive.stop({ hash }, uow)).outcome;
  });
  return {
    deps,
    repository,
    sent,
    link,
    stopped,
    setNow: (iso: string) => {
      now = new Date(iso);
    },
    async surveyed(): Promise<string> {
      await makeApplyEvent(deps).execute(
        {
          source: 'relais.intake',
          detailType: 'ReceptionRecorded',
          detail: ReceptionRecorded.create({
            receptionId: 'R1',
            siteId: SITE,
            organisationId: ORG,
            channel: 'site',
            themes: [],
            personId: '01KDVDP0000000000000000001',
            anonymous: false,
            receivedAt: now.toISOString(),
            phone: PHONE,
            smsSurveysConsent: true,
          }).detail as never,
        },
        new UnitOfWork(),
      );
      await makeDispatchDueSurveys(deps).execute();
      const send = makeSendSurvey(deps);
      while (queue.length) expect(await send.execute(queue.shift() as string)).toBe('sent');
      return [...repository.surveys.keys()].at(-1) as string;
    },
  };
}

const tokenOf = (text: string) => text.slice(text.indexOf(ANSWER_LINK_PATH) + ANSWER_LINK_PATH.length);

describe('answering through the link', () => {
  it('the SMS holds the link; the page names the place; the mark is scored as an SMS reply, once', async () => {
    const t = setup();
    const id = await t.surveyed();
    expect(t.sent).toHaveLength(1);
    const text = t.sent[0]!.text;
    expect(text).toContain(`${APP}${ANSWER_LINK_PATH}`);
    expect(text).not.toContain('STOP');
    const token = tokenOf(text);
    expect(await t.link.read(token)).toEqual({
      placeName: 'Maison des solidarités de Gramat',
      trigger: 'reception',
      expiresAt: '2026-12-01T09:00:00.000Z',
      optedOut: false,
    });
    expect(await t.link.answer(token, { score: 4 }, new UnitOfWork())).toEqual({ status: 'answered', score: 4 });
    expect(t.repository.surveys.get(id)).toMatchObject({ status: 'answered', score: 4 });
    expect(t.repository.events.map((e) => e.detailType)).toContain('SurveyAnswered');
    await expect(t.link.answer(token, { score: 1 }, new UnitOfWork())).rejects.toMatchObject({
      code: 'surveys.answer-link.used',
      status: 410,
    });
    await expect(t.link.read(token)).rejects.toMatchObject({ status: 410 });
    expect(t.repository.surveys.get(id)?.score).toBe(4);
  });

  it('an expired link is 410, a forged one 401, and nothing is recorded', async () => {
    const t = setup();
    const id = await t.surveyed();
    const token = tokenOf(t.sent[0]!.text);
    await expect(t.link.read(`${token.slice(0, -2)}zz`)).rejects.toMatchObject({ code: 'surveys.answer-link.invalid', status: 401 });
    t.setNow('2026-12-01T09:00:01Z');
    await expect(t.link.answer(token, { score: 5 }, new UnitOfWork())).rejects.toMatchObject({
      code: 'surveys.answer-link.expired',
      status: 410,
    });
    await expect(t.link.stop(token)).rejects.toMatchObject({ status: 410 });
    expect(t.repository.surveys.get(id)?.status).toBe('sent');
    expect(t.stopped).toEqual([]);
  });

  it('« ne plus recevoir de messages » is STOP: the number opts out, the next survey is cancelled', async () => {
    const t = setup();
    const id = await t.surveyed();
    const token = tokenOf(t.sent[0]!.text);
    expect(await t.link.stop(token)).toEqual({ optedOut: true });
    const hash = t.repository.surveys.get(id)!.phoneHash;
    expect(t.stopped).toEqual([hash]);
    expect(t.repository.optOuts.has(hash)).toBe(true);
    expect((await t.link.read(token)).optedOut).toBe(true);
    t.setNow('2026-12-10T09:00:00Z');
    await makeApplyEvent(t.deps).execute(
      {
        source: 'relais.intake',
        detailType: 'ReceptionRecorded',
        detail: ReceptionRecorded.create({
          receptionId: 'R2',
          siteId: SITE,
          organisationId: ORG,
          channel: 'site',
          themes: [],
          personId: '01KDVDP0000000000000000001',
          anonymous: false,
          receivedAt: '2026-12-10T09:00:00Z',
          phone: PHONE,
          smsSurveysConsent: true,
        }).detail as never,
      },
      new UnitOfWork(),
    );
    expect(t.sent).toHaveLength(1);
  });
});

describe('on AWS without a two-way number', () => {
  const smsVoice = mockClient(PinpointSMSVoiceV2Client);
  beforeEach(() => smsVoice.reset());

  it('the SendTextMessage body holds the signed link to the one-question page', async () => {
    smsVoice.on(SendTextMessageCommand).resolves({ MessageId: 'm1' });
    const sender = new EndUserMessagingSmsSender(
      { originationIdentity: 'senderid-Relais', configurationSetName: 'relais-test-sms' },
      () => new PinpointSMSVoiceV2Client({ region: 'eu-west-1' }),
    );
    const t = setup(sender);
    const id = await t.surveyed();
    const calls = smsVoice.commandCalls(SendTextMessageCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({
      DestinationPhoneNumber: PHONE,
      OriginationIdentity: 'senderid-Relais',
      Context: { kind: 'survey', surveyId: id },
    });
    const body = input.MessageBody as string;
    expect(body).toMatch(new RegExp(`${APP.replace(/\./g, '\\.')}/#/reponse/${id}\\.[0-9a-z]+\\.[A-Za-z0-9_-]{16}$`));
    expect(gsm7Length(body)).toBeLessThanOrEqual(SMS_MAX);
    // The link it holds scores the survey.
    await t.link.answer(tokenOf(body), { score: 5 }, new UnitOfWork());
    expect(t.repository.surveys.get(id)).toMatchObject({ status: 'answered', score: 5 });
  });
});
