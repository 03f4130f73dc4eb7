import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { tableName } from '../../../shared/config/settings';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { traceClient } from '../../../shared/observability/tracer';
import { traceIds } from '../../../shared/observability/trace-context';

const REASONS: Record<string, string> = {
  danger: 'mise en danger',
  legal_obligation: 'obligation légale',
  continuity_of_care: 'continuité de l’accompagnement',
};

/** What the coordinator is told: who (by account and organisation ids), why (the category), until when. No name, no explanation. */
export interface ExceptionalAccessNotice {
  eventId: string;
  grantId: string;
  personId: string;
  userId: string;
  organisationId: string;
  reason: string;
  grantedUntil: string;
  subject: string;
  text: string;
  link: string;
}

/** Pure: the words of the notice (plain French). */
export function exceptionalAccessNotice(
  facts: {
    eventId: string;
    grantId: string;
    personId: string;
    userId: string;
    organisationId: string;
    reason: string;
    grantedUntil: string;
  },
  appUrl: string,
): ExceptionalAccessNotice {
  const link = `${appUrl.replace(/\/+$/, '')}/#/acces-exceptionnels`;
  const until = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(facts.grantedUntil),
  );
  return {
    ...facts,
    subject: 'Relais : un accès exceptionnel à un dossier a été ouvert',
    text: `Un professionnel a ouvert un accès exceptionnel au dossier d’une personne (motif : ${REASONS[facts.reason] ?? facts.reason}), valable jusqu’au ${until}. Vérifiez-en la justification : ${link}`,
    link,
  };
}

/** Where the notice goes: the local outbox on one machine, the notifications topic on AWS. */
export interface CoordinatorChannel {
  send(uow: UnitOfWork, notice: ExceptionalAccessNotice): Promise<void>;
}

/** Local stack: an item of the local outbox (`GET /api/dev/outbox?channel=notification`), with the consumer's marker: exactly once. */
export class DevOutboxCoordinatorChannel implements CoordinatorChannel {
  constructor(private readonly now: () => Date = () => new Date()) {}

  async send(uow: UnitOfWork, notice: ExceptionalAccessNotice): Promise<void> {
    const at = this.now().toISOString();
    uow.put(
      tableName('platform', 'devoutbox'),
      {
        channel: 'notification',
        sk: `${at}#${notice.eventId}`,
        id: notice.eventId,
        at,
        to: 'pilote',
        payload: { kind: 'exceptional-access.granted', audience: 'coordinator', ...notice },
        ...traceIds(),
      },
      { expression: 'attribute_not_exists(sk)' },
    );
  }
}

let sns: SNSClient | undefined;

/** AWS: one message on the notifications topic, for the coordinators' subscription (`audience = coordinator`). At least once. */
export class SnsCoordinatorChannel implements CoordinatorChannel {
  constructor(private readonly topicArn: string) {}

  async send(_uow: UnitOfWork, notice: ExceptionalAccessNotice): Promise<void> {
    sns ??= traceClient(new SNSClient({}));
    await sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: notice.subject,
        Message: notice.text,
        MessageAttributes: {
          audience: { DataType: 'String', StringValue: 'coordinator' },
          kind: { DataType: 'String', StringValue: 'exceptional-access.granted' },
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

export function coordinatorNoticeSettings(env: NodeJS.ProcessEnv = process.env): { channel: CoordinatorChannel; appUrl: string } {
  const s = SettingsSchema.parse(env);
  if (s.RELAIS_MODE === 'aws' && !s.RELAIS_NOTIFICATIONS_TOPIC_ARN) {
    throw new Error('Configuration invalide : RELAIS_NOTIFICATIONS_TOPIC_ARN manquant');
  }
  return {
    channel: s.RELAIS_NOTIFICATIONS_TOPIC_ARN
      ? new SnsCoordinatorChannel(s.RELAIS_NOTIFICATIONS_TOPIC_ARN)
      : new DevOutboxCoordinatorChannel(),
    appUrl: s.RELAIS_APP_URL ?? 'http://localhost:3000',
  };
}
