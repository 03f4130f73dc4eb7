import { PinpointSMSVoiceV2Client, PutOptedOutNumberCommand, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { EmfMetrics } from './emf-metrics';
import { EndUserMessagingOptOutList, EndUserMessagingSmsSender } from './end-user-messaging-sms-sender';

describe('EndUserMessagingSmsSender', () => {
  const smsVoice = mockClient(PinpointSMSVoiceV2Client);
  beforeEach(() => smsVoice.reset());
  const client = () => new PinpointSMSVoiceV2Client({ region: 'eu-west-1' });

  it('sends a transactional SMS from the stage’s origination identity, through its configuration set, the survey id in the context', async () => {
    smsVoice.on(SendTextMessageCommand).resolves({ MessageId: 'm1' });
    const sender = new EndUserMessagingSmsSender(
      { originationIdentity: 'pool-0123456789abcdef0123456789abcdef', configurationSetName: 'relais-test-sms' },
      client,
    );
    await sender.send('+33612345678', 'Relais : votre accueil à la MSD de Gramat ?', { kind: 'survey', surveyId: 'S1' });
    const calls = smsVoice.commandCalls(SendTextMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      DestinationPhoneNumber: '+33612345678',
      OriginationIdentity: 'pool-0123456789abcdef0123456789abcdef',
      MessageBody: 'Relais : votre accueil à la MSD de Gramat ?',
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'relais-test-sms',
      Context: { kind: 'survey', surveyId: 'S1' },
    });
  });

  it('leaves the identity to the account when the stage names none (account-level send)', async () => {
    smsVoice.on(SendTextMessageCommand).resolves({ MessageId: 'm1' });
    await new EndUserMessagingSmsSender({ configurationSetName: 'relais-test-sms' }, client).send('+33612345678', 'x', {
      kind: 'opt_out_confirmation',
    });
    const input = smsVoice.commandCalls(SendTextMessageCommand)[0]!.args[0].input;
    expect(input.OriginationIdentity).toBeUndefined();
    expect(input).toMatchObject({
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'relais-test-sms',
      Context: { kind: 'opt_out_confirmation' },
    });
  });

  it('lets a failure through, so that the queue retries', async () => {
    smsVoice.on(SendTextMessageCommand).rejects(new Error('Throttling'));
    await expect(new EndUserMessagingSmsSender({}, client).send('+33612345678', 'x', { kind: 'survey' })).rejects.toThrow('Throttling');
  });
});

describe('EndUserMessagingOptOutList', () => {
  const smsVoice = mockClient(PinpointSMSVoiceV2Client);
  beforeEach(() => smsVoice.reset());

  it('adds the number to the stage’s opt-out list', async () => {
    smsVoice.on(PutOptedOutNumberCommand).resolves({});
    await new EndUserMessagingOptOutList('relais-test-opt-outs', () => new PinpointSMSVoiceV2Client({ region: 'eu-west-1' })).add(
      '+33612345678',
    );
    expect(smsVoice.commandCalls(PutOptedOutNumberCommand).map((c) => c.args[0].input)).toEqual([
      { OptOutListName: 'relais-test-opt-outs', OptedOutNumber: '+33612345678' },
    ]);
  });
});

describe('EmfMetrics', () => {
  it('writes one embedded-metric-format line CloudWatch turns into the alarm’s metric', () => {
    const lines: string[] = [];
    new EmfMetrics('surveys', (l) => lines.push(l)).count('SmsBudgetExceeded');
    const doc = JSON.parse(lines[0] as string);
    expect(doc._aws.CloudWatchMetrics).toEqual([
      { Namespace: 'Relais', Dimensions: [['service']], Metrics: [{ Name: 'SmsBudgetExceeded', Unit: 'Count' }] },
    ]);
    expect(doc.service).toBe('surveys');
    expect(doc.SmsBudgetExceeded).toBe(1);
  });
});
