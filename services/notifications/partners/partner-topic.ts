import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import { traceClient } from '../../../shared/observability/tracer';
import { devOutboxEntry } from './dev-outbox';
import type { InDoubtPolicy, PartnerTopic, TopicMessage, TransactionalWrite } from './notifications.ports';
import { WEBHOOK_TYPES } from './webhook-payload';

let client: SNSClient | undefined;
/** One SNS client per process, created on first use. */
const sns = (): SNSClient => {
  client ??= traceClient(new SNSClient({}));
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
  /**
   * At most once: a publication a crashed run may have made is not made again. E-mails and SMS
   * reach people, who cannot deduplicate them, and an SMS is paid for; a lost message leaves
   * the referral in the partner's box, its reminder and the sender's follow-up (ADR 0015).
   */
  readonly inDoubt: InDoubtPolicy = 'give-up';

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

/**
 * The same message, in the local outbox (channel `notification`, `to` = the organisation).
 * Sending is a write there, so the notifier commits it with the delivery's record: exactly once.
 */
export class DevOutboxPartnerTopic implements PartnerTopic {
  readonly inDoubt: InDoubtPolicy = 'give-up';
  readonly attachesFiles = true;

  async publish(message: TopicMessage): Promise<void> {
    const { table, item } = this.asWrite(message);
    await ddb().send(new PutCommand({ TableName: table, Item: item }));
  }

  asWrite(message: TopicMessage): TransactionalWrite {
    return devOutboxEntry('notification', message.organisationId, {
      eventId: message.eventId,
      kind: WEBHOOK_TYPES[message.kind] ?? message.kind,
      audience: message.audience,
      subject: message.subject,
      text: message.text,
      sms: message.sms,
      attributes: Object.fromEntries(Object.entries(messageAttributes(message)).map(([k, v]) => [k, v.StringValue])),
      recipients: message.recipients,
      ...(message.attachments ? { attachments: message.attachments } : {}),
    });
  }
}
