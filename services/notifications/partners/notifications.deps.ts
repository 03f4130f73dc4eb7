import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { loadLinkSecret } from '../../../shared/auth/link-secret';
import { createLogger } from '../../../shared/observability/logger';
import { appUrlNow, LOCAL_APP_URL } from '../app-url';
import { DynamoChannelsStore } from '../store/channels.repository';
import { DynamoWebhookSecrets } from '../store/webhook-secrets.repository';
import { answerLink } from './answer-link';
import { recordInDevOutbox } from './dev-outbox';
import { HttpWebhookSender } from './http-webhook.sender';
import type { NotificationDeps } from './notifications.ports';
import { DynamoDeliveryLog, DynamoDeliveryReporter, DynamoReferralFacts } from './notifications.repository';
import { DevOutboxPartnerTopic, SnsPartnerTopic } from './partner-topic';

const NotificationSettingsSchema = z.object({
  RELAIS_MODE: z.enum(['local', 'aws']).default('local'),
  /** The partner notifications topic (AWS). Absent locally: messages go to the local outbox. */
  RELAIS_NOTIFICATIONS_TOPIC_ARN: z.string().startsWith('arn:').optional(),
  /** The SPA's origin, the base of the answer links. */
  RELAIS_APP_URL: z.url().optional(),
  /**
   * Local mode only: a certificate (PEM, or the path of a PEM file) trusted besides the public
   * roots, so webhooks can reach a partner receiver with a self-signed certificate on a
   * developer's machine. Ignored on AWS.
   */
  RELAIS_WEBHOOK_EXTRA_CA: z.string().min(1).optional(),
});

export interface NotificationSettings {
  mode: 'local' | 'aws';
  topicArn?: string;
  appUrl: string;
  extraCa?: string;
}

/**
 * Where notifications go, read from the environment once. On AWS the topic and the SPA's
 * origin are required: a missing one fails the first event (which is retried, then
 * dead-lettered, with an alarm) rather than sending partners a link to localhost.
 */
export function notificationSettings(env: NodeJS.ProcessEnv = process.env): NotificationSettings {
  const parsed = NotificationSettingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Configuration invalide : ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const { RELAIS_MODE: mode, RELAIS_NOTIFICATIONS_TOPIC_ARN: topicArn, RELAIS_APP_URL: appUrl, RELAIS_WEBHOOK_EXTRA_CA: ca } = parsed.data;
  if (mode === 'aws' && !topicArn) throw new Error('Configuration invalide : RELAIS_NOTIFICATIONS_TOPIC_ARN manquant');
  if (mode === 'aws' && !appUrl) throw new Error('Configuration invalide : RELAIS_APP_URL manquant');
  const extraCa = mode === 'local' && ca ? (ca.includes('-----BEGIN') ? ca : readFileSync(ca, 'utf8')) : undefined;
  return { mode, ...(topicArn ? { topicArn } : {}), appUrl: appUrl ?? LOCAL_APP_URL, ...(extraCa ? { extraCa } : {}) };
}

let deps: NotificationDeps | undefined;

/** Production wiring, built once per process at the first event. */
export function notificationDeps(): NotificationDeps {
  if (deps) return deps;
  const config = notificationSettings();
  const log = createLogger('notifications');
  const channels = new DynamoChannelsStore();
  const secrets = new DynamoWebhookSecrets();
  const local = config.mode === 'local';
  deps = {
    // The organisations' names and channels (projection) and their webhook secrets: the notifier's own table.
    organisations: {
      getOrganisation: (id) => channels.getOrganisation(id),
      getWebhookSecret: (id) => secrets.getWebhookSecret(id),
    },
    topic: config.topicArn ? new SnsPartnerTopic(config.topicArn) : new DevOutboxPartnerTopic(),
    webhooks: new HttpWebhookSender({
      log,
      extraCa: config.extraCa,
      blockPrivateAddresses: !local,
      // Locally every attempt is also shown in the outbox (`webhook` channel): url, status, attempt.
      onAttempt: local ? ({ organisationId, ...attempt }) => recordInDevOutbox('webhook', organisationId, attempt) : undefined,
    }),
    deliveries: new DynamoDeliveryLog(),
    reporter: new DynamoDeliveryReporter(),
    referrals: new DynamoReferralFacts(),
    clock: { now: () => new Date() },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    answerLink: async (referralId, organisationId, now, referralExpiresAt) =>
      answerLink({ appUrl: appUrlNow(), referralId, organisationId, now, referralExpiresAt, secret: await loadLinkSecret() }),
    log,
  };
  return deps;
}
