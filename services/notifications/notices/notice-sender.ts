import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { tableName } from '../../../shared/config/settings';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { traceIds } from '../../../shared/observability/trace-context';
import { traceClient } from '../../../shared/observability/tracer';
import { notificationSettings } from '../partners/notifications.deps';

/**
 * A notice that leaves the platform because of one event: to a person (her own phone or
 * e-mail, carried by the event meant to reach her), to the coordinators, or to a parcours
 * member (the notifications topic, routed by its attributes).
 */
export interface Notice {
  /** The event it answers: the local outbox keys it so, and a redelivery writes nothing new. */
  eventId: string;
  /** `sms` and `email`: straight to the person's address; `topic`: the notifications topic. */
  via: 'topic' | 'sms' | 'email';
  /** The address (sms, email), or whom the topic message is for (local outbox's `to`). */
  to: string;
  subject: string;
  text: string;
  /**
   * A topic notice's short text for SMS subscriptions (GSM-7); absent, they get `text`. Sent as
   * SNS's per-protocol message (`MessageStructure: json`).
   */
  sms?: string;
  /** The topic message's attributes, which subscriptions filter on (`kind`, `audience`, `organisationId`…). */
  attributes?: Record<string, string>;
  /** What the local outbox shows of it. */
  payload: Record<string, unknown>;
}

/** One sender for every notice: the local outbox on one machine, SNS on AWS. */
export interface NoticeSender {
  send(uow: UnitOfWork, notice: Notice): Promise<'sent' | 'unsupported'>;
}

/**
 * Local stack: an item of the local outbox (`GET /api/dev/outbox?channel=sms|notification`),
 * written in the consumer's transaction with its "already processed" marker: exactly once.
 */
export class DevOutboxNoticeSender implements NoticeSender {
  constructor(private readonly now: () => Date = () => new Date()) {}

  async send(uow: UnitOfWork, notice: Notice): Promise<'sent'> {
    const at = this.now().toISOString();
    uow.put(
      tableName('platform', 'devoutbox'),
      {
        channel: notice.via === 'sms' ? 'sms' : 'notification',
        sk: `${at}#${notice.eventId}`,
        id: notice.eventId,
        at,
        to: notice.to,
        payload: notice.payload,
        ...traceIds(),
      },
      { expression: 'attribute_not_exists(sk)' },
    );
    return 'sent';
  }
}

let client: SNSClient | undefined;
const sns = (): SNSClient => {
  client ??= traceClient(new SNSClient({}));
  return client;
};

/**
 * AWS, at least once: a topic notice is one message on the notifications topic with its
 * attributes; an SMS goes straight to the number (transactional). Relais has no e-mail sender
 * for persons yet (SES is not part of the stacks): an e-mail notice is `unsupported`, the
 * person is told by the professional and the change is in her file's history.
 */
export class SnsNoticeSender implements NoticeSender {
  constructor(
    private readonly topicArn: string,
    private readonly client: () => SNSClient = sns,
  ) {}

  async send(_uow: UnitOfWork, notice: Notice): Promise<'sent' | 'unsupported'> {
    if (notice.via === 'email') return 'unsupported';
    if (notice.via === 'sms') {
      await this.client().send(
        new PublishCommand({
          PhoneNumber: notice.to,
          Message: notice.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'Relais' },
          },
        }),
      );
      return 'sent';
    }
    await this.client().send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: notice.subject,
        ...(notice.sms
          ? { MessageStructure: 'json', Message: JSON.stringify({ default: notice.text, email: notice.text, sms: notice.sms }) }
          : { Message: notice.text }),
        MessageAttributes: Object.fromEntries(
          Object.entries(notice.attributes ?? {}).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
        ),
      }),
    );
    return 'sent';
  }
}

/**
 * The sender and the SPA's origin (base of the notices' links), read once. On AWS the topic and
 * the origin are required (`notificationSettings`): a missing one fails the event, which is
 * retried then dead-lettered.
 */
export function noticeSettings(env: NodeJS.ProcessEnv = process.env): { sender: NoticeSender; appUrl: string } {
  const { topicArn, appUrl } = notificationSettings(env);
  return { sender: topicArn ? new SnsNoticeSender(topicArn) : new DevOutboxNoticeSender(), appUrl };
}
