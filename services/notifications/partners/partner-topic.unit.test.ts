import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { TopicMessage } from './notifications.ports';
import { SnsPartnerTopic } from './partner-topic';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-3:123456789012:relais-prod-notifications';

const message: TopicMessage = {
  eventId: '01HZEVENT00000000000000000',
  organisationId: '01HZCAF0000000000000000000',
  kind: 'sent',
  audience: 'receiver',
  urgency: 'urgent',
  subject: 'Relais – nouvelle orientation urgente de CCAS de Gramat',
  text: 'Bonjour,\n\nCCAS de Gramat adresse une nouvelle orientation…',
  sms: 'Relais : nouvelle orientation URGENTE de CCAS de Gramat (Santé).',
  recipients: { email: 'orientations@caf.example.org', sms: '+33565000000' },
};

const sent = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('SnsPartnerTopic', () => {
  it('publishes one message to the topic, with the attributes partners filter on', async () => {
    await new SnsPartnerTopic(TOPIC).publish(message);
    expect(sent()).toEqual([
      {
        TopicArn: TOPIC,
        Subject: message.subject,
        MessageStructure: 'json',
        Message: JSON.stringify({ default: message.text, email: message.text, sms: message.sms }),
        MessageAttributes: {
          organisationId: { DataType: 'String', StringValue: message.organisationId },
          kind: { DataType: 'String', StringValue: 'referral.sent' },
          urgency: { DataType: 'String', StringValue: 'urgent' },
        },
      },
    ]);
  });

  it('sends the full French text by default and to e-mail, the short one to SMS', async () => {
    await new SnsPartnerTopic(TOPIC).publish(message);
    const body = JSON.parse(sent()[0]?.Message ?? '{}');
    expect(body.default).toBe(message.text);
    expect(body.email).toBe(message.text);
    expect(body.sms).toBe(message.sms);
  });

  it('never puts the organisation’s own addresses in the message (SNS subscriptions decide who gets it)', async () => {
    await new SnsPartnerTopic(TOPIC).publish(message);
    expect(JSON.stringify(sent())).not.toMatch(/caf\.example\.org|\+33565000000/);
  });

  it('leaves the urgency attribute out when it is unknown', async () => {
    const { urgency: _u, ...withoutUrgency } = message;
    await new SnsPartnerTopic(TOPIC).publish({ ...withoutUrgency, kind: 'status_changed', audience: 'sender' });
    expect(sent()[0]?.MessageAttributes).toEqual({
      organisationId: { DataType: 'String', StringValue: message.organisationId },
      kind: { DataType: 'String', StringValue: 'referral.status_changed' },
    });
  });

  it('fails when SNS refuses the message, so the event is retried', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottledException' }));
    await expect(new SnsPartnerTopic(TOPIC).publish(message)).rejects.toThrow('throttled');
  });
});
