import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { Audience } from './recipients';
import type { NoticeKind, ReferralFacts, Urgency } from './referral-events';

/** What the notifier reads of an organisation (the directory's own entry). */
export interface NotifiedOrganisation {
  id: string;
  name: string;
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
}

/** SNS topic on AWS, the local outbox on one machine. Throws when the message was not accepted. */
export interface PartnerTopic {
  publish(message: TopicMessage): Promise<void>;
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

/** What `DeliveryLog.claim` found: the delivery is ours to make, already made, or being made by another run. */
export type ClaimResult = 'claimed' | 'done' | 'busy';

/**
 * Deliveries of an event, per `<organisationId>#<channel>`. A run claims a delivery before
 * making it (for `leaseMs`: past it, a run that died is taken over), marks it done after, or
 * releases it when it failed. So a redelivered event (after another channel failed) does not
 * send again what went out, and two copies of one event handled at once send it once.
 */
export interface DeliveryLog {
  claim(eventId: string, key: string, now: Date, leaseMs: number): Promise<ClaimResult>;
  complete(eventId: string, key: string, at: Date): Promise<void>;
  release(eventId: string, key: string): Promise<void>;
}

/** What the directory keeps of sent referrals (ids, themes, urgency, dates: no personal data). */
export interface ReferralFactsStore {
  get(referralId: string): Promise<ReferralFacts | undefined>;
  save(uow: UnitOfWork, facts: ReferralFacts): void;
}

export interface NotifierLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
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
}
