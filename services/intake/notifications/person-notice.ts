import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { tableName } from '../../../shared/config/settings';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { traceClient } from '../../../shared/observability/tracer';
import { traceIds } from '../../../shared/observability/trace-context';

/** A message to the person herself, about her own file (no one else's data in it). */
export interface PersonNotice {
  /** The event it answers: the local outbox keys it so, a redelivery writes nothing new. */
  eventId: string;
  kind: 'person.consents.changed';
  channel: 'sms' | 'email';
  to: string;
  subject: string;
  text: string;
}

const yesNo = (v: boolean) => (v ? 'oui' : 'non');
const frenchDate = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short' }).format(new Date(iso));

/**
 * The words the person reads when her consents change (SECURITY.md: each change notifies her).
 * Short enough for one SMS; no name, no one else's data: only what she agreed to and who recorded it.
 */
export function consentsNoticeText(facts: {
  networkSharing: boolean;
  smsSurveys: boolean;
  at: string;
  byOrganisationName: string | null;
}): {
  subject: string;
  text: string;
} {
  const by = facts.byOrganisationName ? ` par ${facts.byOrganisationName}` : '';
  return {
    subject: 'Relais : vos accords ont été modifiés',
    text:
      `Relais : vos accords ont été modifiés le ${frenchDate(facts.at)}${by}. ` +
      `Partage de votre dossier : ${yesNo(facts.networkSharing)}. Enquêtes SMS : ${yesNo(facts.smsSurveys)}. ` +
      'Si ce n’est pas vous, contactez votre lieu d’accueil.',
  };
}

/** Where person notices go: the local outbox on one machine, SMS through SNS on AWS. */
export interface PersonNoticeChannel {
  send(uow: UnitOfWork, notice: PersonNotice): Promise<'sent' | 'unsupported'>;
}

/**
 * Local stack: an item of the local outbox (`GET /api/dev/outbox?channel=sms|notification`,
 * `audience: person`), written in the consumer's transaction with its "processed" marker: once.
 */
export class DevOutboxPersonChannel implements PersonNoticeChannel {
  constructor(private readonly now: () => Date = () => new Date()) {}

  async send(uow: UnitOfWork, notice: PersonNotice): Promise<'sent'> {
    const at = this.now().toISOString();
    uow.put(
      tableName('platform', 'devoutbox'),
      {
        channel: notice.channel === 'sms' ? 'sms' : 'notification',
        sk: `${at}#${notice.eventId}`,
        id: notice.eventId,
        at,
        to: notice.to,
        payload: { kind: notice.kind, audience: 'person', subject: notice.subject, text: notice.text },
        ...traceIds(),
      },
      { expression: 'attribute_not_exists(sk)' },
    );
    return 'sent';
  }
}

let sns: SNSClient | undefined;

/**
 * AWS: an SMS straight to her number (transactional), at least once. Relais has no e-mail
 * sender for persons yet (SES is not part of the stacks): an e-mail-only person is told by the
 * professional, and the change is in her file's history.
 */
export class SnsPersonChannel implements PersonNoticeChannel {
  async send(_uow: UnitOfWork, notice: PersonNotice): Promise<'sent' | 'unsupported'> {
    if (notice.channel !== 'sms') return 'unsupported';
    sns ??= traceClient(new SNSClient({}));
    await sns.send(
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
}
