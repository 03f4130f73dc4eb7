import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { recordInDevOutbox } from './dev-outbox';
import type { PartnerTopic, TopicMessage } from './notifications.ports';
import { WEBHOOK_TYPES } from './webhook-payload';

let client: SNSClient | undefined;
/** One SNS client per process, created on first use. */
const sns = (): SNSClient => {
  client ??= new SNSClient({});
  return client;
};

/** The message attributes partners' subscription filter policies match (see README.md). */
export function messageAttributes(message: TopicMessage) {
  const attributes: Record<string, { DataType: 'String'; StringValue: string }> = {
    organisationId: { DataType: 'String', StringValue: message.organisationId },
    kind: { DataType: 'String', StringValue: WEBHOOK_TYPES[message.kind] ?? message.kind },
  };
  if (message.urgency) attributes.urgency = { DataType: 'String', StringValue: message.urgency };
  return attributes;
}

/**
 * The partner notifications topic (AWS). One publish per organisation: the `organisationId`
 * attribute routes it to that organisation's subscriptions (e-mail, SMS, HTTPS). The message is
 * per protocol (`MessageStructure: json`): the full text by default and for e-mail, a short one
 * for SMS, which would otherwise be cut into many texts.
 */
export class SnsPartnerTopic implements PartnerTopic {
  constructor(
    private readonly topicArn: string,
    private readonly client: () => SNSClient = sns,
  ) {}

  async publish(message: TopicMessage): Promise<void> {
    await this.client().send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: message.subject,
        MessageStructure: 'json',
        Message: JSON.stringify({ default: message.text, email: message.text, sms: message.sms }),
        MessageAttributes: messageAttributes(message),
      }),
    );
  }
}

/** The same message, in the local outbox (channel `notification`, `to` = the organisation). */
export class DevOutboxPartnerTopic implements PartnerTopic {
  async publish(message: TopicMessage): Promise<void> {
    await recordInDevOutbox('notification', message.organisationId, {
      eventId: message.eventId,
      kind: WEBHOOK_TYPES[message.kind] ?? message.kind,
      audience: message.audience,
      subject: message.subject,
      text: message.text,
      sms: message.sms,
      attributes: Object.fromEntries(Object.entries(messageAttributes(message)).map(([k, v]) => [k, v.StringValue])),
      recipients: message.recipients,
    });
  }
}
