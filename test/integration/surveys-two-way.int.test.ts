/**
 * SMS both ways on AWS (issue 18, point 2; ADR 0035), on DynamoDB Local: a reply delivered as
 * AWS End User Messaging SMS's two-way channel publishes it (SNS message holding
 * `originationNumber`, `messageBody`, …) is scored by the inbound topic handler; STOP opts the
 * number out in Relais and on the stage's opt-out list (End User Messaging mocked: it has no
 * local runtime); the configuration set's delivery events set the survey's delivery status,
 * idempotently.
 */
import { PinpointSMSVoiceV2Client, PutOptedOutNumberCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { surveysDeps } from '../../services/surveys/handlers/deps';
import { surveysSendingDeps } from '../../services/surveys/handlers/sending.deps';
import { makeInboundSms } from '../../services/surveys/handlers/inbound-sms';
import { makeTopicHandler } from '../../services/surveys/handlers/inbound-sms.topic';
import { makeSmsEventsHandler } from '../../services/surveys/handlers/sms-events.topic';
import { phoneHash } from '../../services/surveys/domain/phone-hash';
import { EndUserMessagingOptOutList } from '../../services/surveys/senders/end-user-messaging-sms-sender';
import { makeRecordDelivery } from '../../services/surveys/use-cases/delivery.use-cases';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { storedSurvey as survey, surveyedPerson, withSurveyStack } from '../support/survey-stack';

jest.setTimeout(120_000);

const s = withSurveyStack();

const smsVoice = mockClient(PinpointSMSVoiceV2Client);
const optOutList = new EndUserMessagingOptOutList('relais-test-opt-outs', () => new PinpointSMSVoiceV2Client({ region: 'eu-west-1' }));
/** The inbound topic handler as deployed, with the stage's opt-out list (mocked client). */
const inboundTopic = makeTopicHandler(makeInboundSms({ ...surveysSendingDeps, optOutList }));
const recordDelivery = makeRecordDelivery(surveysDeps);
const smsEvents = makeSmsEventsHandler((input) => recordDelivery.execute(input));

/** An SNS delivery as the topic hands it to Lambda, its message being End User Messaging's JSON. */
const snsEvent = (message: unknown, id = `sns-${Math.random()}`): SNSEvent =>
  ({
    Records: [{ EventSource: 'aws:sns', Sns: { MessageId: id, Timestamp: new Date().toISOString(), Message: JSON.stringify(message) } }],
  }) as unknown as SNSEvent;

/** https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html */
const twoWay = (from: string, body: string) =>
  snsEvent({
    originationNumber: from,
    destinationNumber: '+33700000000',
    messageKeyword: 'KEYWORD_123456789012',
    messageBody: body,
    inboundMessageId: `in-${Math.random()}`,
    previousPublishedMessageId: 'out-1',
  });

/** https://docs.aws.amazon.com/end-user-messaging/latest/userguide/nx-features-messaging-events.html (SMS example) */
const deliveryEvent = (eventType: string, surveyId: string | undefined, status: string) =>
  snsEvent({
    eventType,
    eventVersion: '1.0',
    eventTimestamp: Date.now(),
    isFinal: true,
    originationPhoneNumber: '+33700000000',
    destinationPhoneNumber: '+33612349901',
    isInternationalSend: false,
    mcc: '208',
    mnc: '01',
    messageId: `m-${Math.random()}`,
    messageRequestTimestamp: Date.now() - 1000,
    messageEncoding: 'GSM',
    messageType: 'TRANSACTIONAL',
    messageStatus: status,
    messageStatusDescription: 'x',
    context: surveyId ? { kind: 'survey', surveyId } : { kind: 'opt_out_confirmation' },
    totalMessageParts: 1,
    totalMessagePrice: 0.07,
    totalCarrierFee: 0,
  });

/** A consenting person received at Gramat; returns the id of the survey SMS she got. */
const surveyedNumber = async (phone: string, e164 = phone) => (await surveyedPerson(s, phone, e164)).surveyId;

afterAll(() => {
  smsVoice.restore();
});

beforeEach(() => {
  smsVoice.reset();
  smsVoice.on(PutOptedOutNumberCommand).resolves({});
});

describe('the two-way channel', () => {
  const PHONE = '+33612349901';
  let surveyId: string;

  it('scores a reply delivered as the two-way channel publishes it, then keeps the next text as its comment', async () => {
    surveyId = await surveyedNumber('06 12 34 99 01', PHONE);
    await inboundTopic(twoWay(PHONE, ' 5 '));
    expect(await survey(surveyId)).toMatchObject({ status: 'answered', score: 5 });
    await inboundTopic(twoWay(PHONE, 'Très bon accueil'));
    expect(await survey(surveyId)).toMatchObject({ status: 'answered', score: 5, comment: 'Très bon accueil' });
    expect(smsVoice.commandCalls(PutOptedOutNumberCommand)).toHaveLength(0);
  });

  it('STOP opts the number out in Relais and on the stage’s opt-out list, and a repeated STOP updates the list again', async () => {
    await inboundTopic(twoWay(PHONE, 'ARRET'));
    const hash = phoneHash(PHONE, await surveysDeps.phoneSecret());
    const optOut = await ddb().send(
      new GetCommand({ TableName: tableName('surveys', 'main'), Key: { pk: `PHONE#${hash}`, sk: 'OPTOUT' } }),
    );
    expect(optOut.Item).toBeDefined();
    expect(smsVoice.commandCalls(PutOptedOutNumberCommand).map((c) => c.args[0].input)).toEqual([
      { OptOutListName: 'relais-test-opt-outs', OptedOutNumber: PHONE },
    ]);
    // As a retry after a failed list update would: the number is already out, the list is updated.
    await inboundTopic(twoWay(PHONE, 'STOP'));
    expect(smsVoice.commandCalls(PutOptedOutNumberCommand)).toHaveLength(2);
  });

  it('a failed opt-out list update throws (Lambda retries) but the opt-out is already recorded', async () => {
    smsVoice.on(PutOptedOutNumberCommand).rejects(new Error('ThrottlingException'));
    const phone = '+33612349902';
    await expect(inboundTopic(twoWay(phone, 'STOP'))).rejects.toThrow('ThrottlingException');
    const hash = phoneHash(phone, await surveysDeps.phoneSecret());
    const optOut = await ddb().send(
      new GetCommand({ TableName: tableName('surveys', 'main'), Key: { pk: `PHONE#${hash}`, sk: 'OPTOUT' } }),
    );
    expect(optOut.Item).toBeDefined();
  });
});

describe('delivery events', () => {
  it('mark the survey delivered, idempotently; a late failure does not undo it', async () => {
    const surveyId = await surveyedNumber('+33612349903');
    expect((await survey(surveyId))?.deliveryStatus).toBeUndefined();
    await smsEvents(deliveryEvent('TEXT_PENDING', surveyId, 'PENDING'));
    expect((await survey(surveyId))?.deliveryStatus).toBeUndefined();
    await smsEvents(deliveryEvent('TEXT_DELIVERED', surveyId, 'DELIVERED'));
    const first = await survey(surveyId);
    expect(first).toMatchObject({ status: 'sent', deliveryStatus: 'delivered' });
    await smsEvents(deliveryEvent('TEXT_DELIVERED', surveyId, 'DELIVERED'));
    expect(await survey(surveyId)).toMatchObject({ deliveryStatus: 'delivered', deliveryAt: first!.deliveryAt });
    await smsEvents(deliveryEvent('TEXT_CARRIER_UNREACHABLE', surveyId, 'CARRIER_UNREACHABLE'));
    expect((await survey(surveyId))?.deliveryStatus).toBe('delivered');
  });

  it('mark a survey whose SMS did not arrive failed; an event without a survey or unreadable is ignored', async () => {
    const surveyId = await surveyedNumber('+33612349904');
    await smsEvents(deliveryEvent('TEXT_UNREACHABLE', surveyId, 'UNREACHABLE'));
    expect((await survey(surveyId))?.deliveryStatus).toBe('failed');
    await smsEvents(deliveryEvent('TEXT_DELIVERED', undefined, 'DELIVERED'));
    await smsEvents({
      Records: [{ Sns: { MessageId: 'x', Timestamp: new Date().toISOString(), Message: 'not json' } }],
    } as unknown as SNSEvent);
    expect((await survey(surveyId))?.deliveryStatus).toBe('failed');
  });
});
