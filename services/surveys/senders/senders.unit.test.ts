import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { EmfMetrics } from './emf-metrics';
import { SnsSmsSender } from './sns-sms-sender';

describe('SnsSmsSender', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());

  it('publishes the SMS straight to the E.164 number, as a transactional SMS', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    const client = new SNSClient({ region: 'eu-west-3' });
    await new SnsSmsSender(() => client).send('+33612345678', 'Relais : votre accueil à la MSD de Gramat ?', { kind: 'survey' });
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.PhoneNumber).toBe('+33612345678');
    expect(input.TopicArn).toBeUndefined();
    expect(input.Message).toBe('Relais : votre accueil à la MSD de Gramat ?');
    expect(input.MessageAttributes?.['AWS.SNS.SMS.SMSType']).toEqual({ DataType: 'String', StringValue: 'Transactional' });
  });

  it('lets a failure through, so that the queue retries', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttling'));
    const client = new SNSClient({ region: 'eu-west-3' });
    await expect(new SnsSmsSender(() => client).send('+33612345678', 'x', { kind: 'survey' })).rejects.toThrow('Throttling');
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
