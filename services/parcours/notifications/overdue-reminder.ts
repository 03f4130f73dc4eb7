import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { tableName } from '../../../shared/config/settings';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { traceClient } from '../../../shared/observability/tracer';
import { traceIds } from '../../../shared/observability/trace-context';

/** The reminder an action's owner receives: no name, no label, only the due date and the link. */
export interface OverdueNotice {
  eventId: string;
  parcoursId: string;
  actionId: string;
  dueDate: string;
  to: { userId?: string; organisationId: string; memberId: string };
  subject: string;
  text: string;
  link: string;
}

const frenchDate = (iso: string) => iso.split('-').reverse().join('/');

/** Pure: the words of the reminder (French, plain), from the event's facts. */
export function overdueNotice(
  facts: {
    eventId: string;
    parcoursId: string;
    actionId: string;
    dueDate: string;
    ownerMemberId: string;
    ownerUserId?: string;
    ownerOrganisationId: string;
  },
  appUrl: string,
): OverdueNotice {
  const link = `${appUrl.replace(/\/+$/, '')}/#/parcours/${facts.parcoursId}`;
  return {
    eventId: facts.eventId,
    parcoursId: facts.parcoursId,
    actionId: facts.actionId,
    dueDate: facts.dueDate,
    to: {
      ...(facts.ownerUserId ? { userId: facts.ownerUserId } : {}),
      organisationId: facts.ownerOrganisationId,
      memberId: facts.ownerMemberId,
    },
    subject: 'Relais : une action du parcours est en retard',
    text: `Une action qui vous est confiée dans un parcours devait être faite pour le ${frenchDate(facts.dueDate)}. Mettez-la à jour ou convenez d’une nouvelle échéance avec le référent : ${link}`,
    link,
  };
}

/** Where reminders go: the local outbox on one machine, the notifications topic on AWS. */
export interface ReminderChannel {
  send(uow: UnitOfWork, notice: OverdueNotice): Promise<void>;
}

/**
 * Local stack: the reminder is an item of the local outbox (`GET /api/dev/outbox?channel=notification`),
 * written in the consumer's transaction with its "already processed" marker: exactly once.
 */
export class DevOutboxReminderChannel implements ReminderChannel {
  constructor(private readonly now: () => Date = () => new Date()) {}

  async send(uow: UnitOfWork, notice: OverdueNotice): Promise<void> {
    const at = this.now().toISOString();
    uow.put(
      tableName('platform', 'devoutbox'),
      {
        channel: 'notification',
        sk: `${at}#${notice.eventId}`,
        id: notice.eventId,
        at,
        to: notice.to.userId ?? notice.to.organisationId,
        payload: { kind: 'parcours.action.overdue', audience: 'member', ...notice },
        ...traceIds(),
      },
      { expression: 'attribute_not_exists(sk)' },
    );
  }
}

let sns: SNSClient | undefined;

/** AWS: one message on the notifications topic, routed by organisation (and user) attributes. At least once. */
export class SnsReminderChannel implements ReminderChannel {
  constructor(private readonly topicArn: string) {}

  async send(_uow: UnitOfWork, notice: OverdueNotice): Promise<void> {
    sns ??= traceClient(new SNSClient({}));
    await sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: notice.subject,
        Message: notice.text,
        MessageAttributes: {
          organisationId: { DataType: 'String', StringValue: notice.to.organisationId },
          kind: { DataType: 'String', StringValue: 'parcours.action.overdue' },
          ...(notice.to.userId ? { userId: { DataType: 'String', StringValue: notice.to.userId } } : {}),
        },
      }),
    );
  }
}

const SettingsSchema = z.object({
  RELAIS_MODE: z.enum(['local', 'aws']).default('local'),
  RELAIS_NOTIFICATIONS_TOPIC_ARN: z.string().startsWith('arn:').optional(),
  RELAIS_APP_URL: z.url().optional(),
});

/** Read once: on AWS the topic is required (a missing one fails the event, which is retried then dead-lettered). */
export function reminderSettings(env: NodeJS.ProcessEnv = process.env): { channel: ReminderChannel; appUrl: string } {
  const s = SettingsSchema.parse(env);
  if (s.RELAIS_MODE === 'aws' && !s.RELAIS_NOTIFICATIONS_TOPIC_ARN) {
    throw new Error('Configuration invalide : RELAIS_NOTIFICATIONS_TOPIC_ARN manquant');
  }
  return {
    channel: s.RELAIS_NOTIFICATIONS_TOPIC_ARN ? new SnsReminderChannel(s.RELAIS_NOTIFICATIONS_TOPIC_ARN) : new DevOutboxReminderChannel(),
    appUrl: s.RELAIS_APP_URL ?? 'http://localhost:3000',
  };
}
