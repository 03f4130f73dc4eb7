import type { Article } from '../../../shared/text/french';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { DeliveryFailureReason } from '../events/notifications.events';
import type { Audience } from './recipients';
import type { NoticeKind, ReferralFacts, Urgency } from './referral-events';

/** What the notifier reads of an organisation (its projection of the directory's channels event). */
export interface NotifiedOrganisation {
  id: string;
  name: string;
  /** The article the name takes (ADR 0028); absent from older events: guessed from the name. */
  article?: Article;
  notification: { email?: string; sms?: string; webhookUrl?: string };
}

export interface OrganisationLookup {
  getOrganisation(id: string): Promise<NotifiedOrganisation | undefined>;
  getWebhookSecret(organisationId: string): Promise<string | undefined>;
}

/** One message on the partner notifications topic. */
export interface TopicMessage {
  eventId: string;
  organisationId: string;
  kind: NoticeKind;
  audience: Audience;
  urgency?: Urgency;
  subject: string;
  text: string;
  sms: string;
  /** Where the organisation asked to be told (the local outbox shows them; on AWS, SNS subscriptions decide). */
  recipients: { email?: string; sms?: string };
  /** Files for the e-mail (the appointment's `.ics`): kept by the local outbox; see ADR 0039 for SNS. */
  attachments?: MessageAttachment[];
}

/** A file joined to an e-mail: its name, its type and its text. */
export interface MessageAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * What a redelivered event does with a delivery that a dead run claimed and may or may not have
 * made (it crashed between the send and its record, and its lease ran out):
 * - `resend`: make it again, at least once (webhooks: the partner deduplicates on
 *   `X-Relais-Event-Id`);
 * - `give-up`: record it in doubt and do not send it again, at most once (the topic's e-mails
 *   and SMS, which people cannot deduplicate; the referral stays in the partner's box and its
 *   reminder still goes).
 */
export type InDoubtPolicy = 'resend' | 'give-up';

/** A write in a service table, made in one transaction with a delivery's record. */
export interface TransactionalWrite {
  table: string;
  item: Record<string, unknown>;
}

/** SNS topic on AWS, the local outbox on one machine. Throws when the message was not accepted. */
export interface PartnerTopic {
  /** See `InDoubtPolicy`; irrelevant when `asWrite` exists (nothing can be in doubt). */
  readonly inDoubt: InDoubtPolicy;
  /** The messages' `attachments` reach the e-mail (the local outbox); SNS e-mail subscriptions carry text only. */
  readonly attachesFiles?: boolean;
  publish(message: TopicMessage): Promise<void>;
  /**
   * When sending is itself a write in the database (the local outbox), that write: it is
   * committed with the delivery's record, so the message is sent exactly once.
   */
  asWrite?(message: TopicMessage): TransactionalWrite;
}

export interface WebhookDelivery {
  eventId: string;
  organisationId: string;
  url: string;
  secret: string;
  /** The exact JSON sent (and signed). */
  body: string;
}

/** POSTs a signed webhook, retrying with backoff; throws once its attempts are spent. */
export interface WebhookSender {
  deliver(delivery: WebhookDelivery): Promise<{ attempts: number; status: number }>;
}

/**
 * What `DeliveryLog.claim` found: the delivery is ours to make, already made, being made by
 * another run, or left in doubt by a run that died (policy `give-up`).
 */
export type ClaimResult = 'claimed' | 'done' | 'busy' | 'in-doubt';

/**
 * Deliveries of an event, per `<organisationId>#<channel>` (event id + recipient + channel). A
 * run claims a delivery before making it (for `leaseMs`), marks it done after, or releases it
 * when it failed. So a redelivered event (after another channel failed, or after a crash) does
 * not send again what went out, and two copies of one event handled at once send it once. Past
 * the lease, the claim of a run that died is taken over (`resend`) or recorded in doubt
 * (`give-up`).
 */
export interface DeliveryLog {
  claim(eventId: string, key: string, now: Date, leaseMs: number, inDoubt: InDoubtPolicy): Promise<ClaimResult>;
  complete(eventId: string, key: string, at: Date): Promise<void>;
  release(eventId: string, key: string): Promise<void>;
  /**
   * Record the delivery as made and make `write` in one transaction, unless it is already
   * recorded: `sent` by this call, `done` before. Exactly once, for channels that are writes.
   */
  sendOnce(eventId: string, key: string, at: Date, write: TransactionalWrite): Promise<'sent' | 'done'>;
}

/** What the notifier keeps of sent referrals (ids, themes, urgency, dates: no personal data). */
export interface ReferralFactsStore {
  get(referralId: string): Promise<ReferralFacts | undefined>;
  save(uow: UnitOfWork, facts: ReferralFacts): void;
}

export interface NotifierLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

/** What became of one delivery to a referral's receiver (ADR 0034): codes and counts only. */
export interface DeliveryReport {
  referralId: string;
  organisationId: string;
  channel: 'email' | 'sms' | 'webhook';
  /** The instant of intake's request (`ReferralSent.sentAt`, `ReferralLinkRequested.at`). */
  requestedAt: string;
  status: 'delivered' | 'retried' | 'failed';
  at: string;
  attempt: number;
  maxAttempts: number;
  reasonCode?: DeliveryFailureReason;
}

/**
 * Announces delivery results (`PartnerDeliveryReported`) in a transaction of its own: a run that
 * fails throws and its unit of work is dropped, yet its failures must be told (never silent).
 */
export interface DeliveryReporter {
  report(reports: DeliveryReport[]): Promise<void>;
}

export interface NotificationDeps {
  organisations: OrganisationLookup;
  topic: PartnerTopic;
  webhooks: WebhookSender;
  deliveries: DeliveryLog;
  referrals: ReferralFactsStore;
  clock: { now(): Date };
  sleep(ms: number): Promise<void>;
  /** The signed answer link for the receiving organisation, and until when it is valid. */
  answerLink(referralId: string, organisationId: string, now: Date, referralExpiresAt?: string): Promise<{ url: string; validUntil: Date }>;
  log: NotifierLog;
  /** Tells intake what became of each delivery to a referral's receiver (absent: nothing is told). */
  reporter?: DeliveryReporter;
}
