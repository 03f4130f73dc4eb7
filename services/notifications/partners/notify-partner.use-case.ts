import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { buildPartnerMessage } from './messages';
import type { DeliveryFailureReason } from '../events/notifications.events';
import type { DeliveryReport, InDoubtPolicy, NotificationDeps, NotifiedOrganisation, TransactionalWrite } from './notifications.ports';
import { getsAnswerLink, recipientsOf } from './recipients';
import { factsOf, type IncomingEvent, type NoticeAppointment, parseReferralEvent, withFacts } from './referral-events';
import { webhookPayload } from './webhook-payload';
import { appointmentIcs } from '../../../shared/calendar/appointment';
import type { MessageAttachment } from './notifications.ports';

/** Another run of the same event is still making a delivery: this one is redelivered later. */
export class DeliveryBusyError extends Error {
  constructor() {
    super('Another run of this event is still delivering');
    this.name = 'DeliveryBusyError';
  }
}

/** Some deliveries of an event failed: thrown so the queue redelivers it (the others are not redone). */
export class NotificationDeliveryError extends Error {
  constructor(
    readonly failed: number,
    readonly total: number,
  ) {
    super(`${failed} of ${total} partner notification deliveries failed`);
    this.name = 'NotificationDeliveryError';
  }
}

export interface NotifyReport {
  /** `<organisationId>#<channel>` delivered by this run. */
  delivered: string[];
  /** Already delivered by an earlier run of the same event. */
  skipped: string[];
  /** Left in doubt by an earlier run that died while making them; not made again (policy `give-up`). */
  inDoubt?: string[];
}

interface DeliveryTask {
  key: string;
  /** The channels of a receiver's referral notice whose result is told to intake (ADR 0034). */
  reported: Array<DeliveryReport['channel']>;
  /** Why it failed, as a code, from what the channel threw. */
  reasonOf: (error: unknown) => DeliveryFailureReason;
  inDoubt: InDoubtPolicy;
  run: () => Promise<unknown>;
  /** A channel that is a write: committed with the delivery's record instead of claimed and run. */
  write?: () => TransactionalWrite;
}

const UNKNOWN_ORGANISATION = 'une structure du réseau';

/** The appointment's calendar file, the same as `GET /api/appointments/{id}.ics` gives (one UID). */
function calendarFileOf(appointment: NoticeAppointment): MessageAttachment {
  return {
    filename: 'rendez-vous.ics',
    contentType: `text/calendar; charset=utf-8; method=${appointment.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    content: appointmentIcs({
      appointmentId: appointment.appointmentId,
      start: appointment.start,
      end: appointment.end,
      channel: appointment.channel,
      ...(appointment.siteName ? { siteName: appointment.siteName } : {}),
      ...(appointment.siteAddress ? { siteAddress: appointment.siteAddress } : {}),
      changedAt: appointment.bookedAt,
      sequence: appointment.sequence ?? 0,
      cancelled: appointment.cancelled ?? false,
    }),
  };
}
/** Longer than a delivery can take (the webhook sender gives up after 25 s). */
export const DELIVERY_LEASE_MS = 60_000;
/** How long a copy of an event waits for another copy's delivery before being redelivered itself. */
export const BUSY_WAIT_MS = 20_000;
/** Deliveries of a referral event before it is dead-lettered (the `notifyPartner` subscription's `maxReceiveCount`). */
export const NOTIFY_MAX_RECEIVE_COUNT = 5;

/** Which delivery of the event this run is: the queue's receive count and the subscription's bound. */
export interface DeliveryAttempt {
  receiveCount: number;
  maxReceiveCount: number;
}

/** Why a webhook failed, from the sender's error: its last status or the name of its network error. */
export function webhookFailureReason(error: unknown): DeliveryFailureReason {
  const { name, lastStatus, lastError } = (error ?? {}) as { name?: string; lastStatus?: number; lastError?: string };
  if (name !== 'WebhookDeliveryError') return 'other';
  if (lastStatus !== undefined) return 'refused';
  if (lastError === 'TimeoutError') return 'timeout';
  if (lastError === 'ERR_INVALID_URL_SCHEME' || lastError === 'ERR_INVALID_URL' || lastError === 'EPRIVATEADDRESS')
    return 'invalid_address';
  return 'unreachable';
}
const BUSY_POLL_MS = 250;

/**
 * Tell a partner about a referral on its own channels (DOMAIN.md rule 4, issue 4 point 5).
 * Primary course: a referral event arrives → the organisations to tell are chosen (receiver when
 * sent or due, sender at every later step, both on expiry) → for each, one message goes to the
 * notifications topic (its `organisationId` attribute is what partners' subscriptions filter on)
 * and, when the organisation has a webhook URL and a secret, a signed webhook is POSTed. The
 * receiving organisation's messages carry a signed link to answer without an account.
 * Each delivery is recorded (claimed before it is made and marked done at once, or, for a
 * channel that is a write, committed with its record), so when another one fails and the event
 * is redelivered, only what failed is sent again, and two copies of the event handled at the
 * same time (queues deliver at least once) send it once: the second waits for the first. A run that dies between a send and its record leaves the delivery in doubt: past
 * its lease, a webhook is sent again (at least once; the partner deduplicates on the event id)
 * and a topic message is not (at most once), while the local outbox, a write, is committed with
 * its record (exactly once; ADR 0015). The facts of a sent referral are kept (in the consumer's
 * transaction) so the later messages can name its themes.
 */
export function makeNotifyPartner(deps: NotificationDeps) {
  return {
    async execute(
      event: IncomingEvent,
      uow: UnitOfWork,
      attempt: DeliveryAttempt = { receiveCount: 1, maxReceiveCount: NOTIFY_MAX_RECEIVE_COUNT },
    ): Promise<NotifyReport> {
      const parsed = parseReferralEvent(event);
      if (!parsed) return { delivered: [], skipped: [] };
      const facts = factsOf(parsed);
      if (facts) deps.referrals.save(uow, facts);
      const notice = facts ? parsed : withFacts(parsed, await deps.referrals.get(parsed.referralId));

      const [from, to] = await Promise.all([
        deps.organisations.getOrganisation(notice.fromOrganisationId),
        deps.organisations.getOrganisation(notice.toOrganisationId),
      ]);
      const now = deps.clock.now();
      const report: NotifyReport = { delivered: [], skipped: [] };
      const tasks: DeliveryTask[] = [];
      // Told to intake (ADR 0034): the receiver's notice of a sent referral or of a re-sent link.
      const reportsResults = notice.kind === 'sent' || notice.kind === 'link';
      const reports: DeliveryReport[] = [];
      const tell = (channel: DeliveryReport['channel'], status: DeliveryReport['status'], reasonCode?: DeliveryFailureReason) =>
        reports.push({
          referralId: notice.referralId,
          organisationId: notice.toOrganisationId,
          channel,
          requestedAt: notice.at,
          status,
          at: deps.clock.now().toISOString(),
          attempt: Math.min(attempt.receiveCount, attempt.maxReceiveCount),
          maxAttempts: attempt.maxReceiveCount,
          ...(reasonCode ? { reasonCode } : {}),
        });

      for (const recipient of recipientsOf(notice)) {
        const org: NotifiedOrganisation | undefined = recipient.organisationId === notice.fromOrganisationId ? from : to;
        if (!org) {
          // Nobody to tell and nothing a retry could change: the referral names an unknown organisation.
          deps.log.warn('Referral notification for an organisation missing from the directory', {
            eventId: event.eventId,
            organisationId: recipient.organisationId,
          });
          continue;
        }
        const answer = getsAnswerLink(notice, recipient.audience)
          ? await deps.answerLink(notice.referralId, notice.toOrganisationId, now, notice.linkValidUntil ?? notice.expiresAt)
          : undefined;
        const link = answer?.url;
        const message = buildPartnerMessage(notice, recipient.audience, {
          fromName: from?.name ?? UNKNOWN_ORGANISATION,
          toName: to?.name ?? UNKNOWN_ORGANISATION,
          ...(from?.article !== undefined ? { fromArticle: from.article } : {}),
          ...(to?.article !== undefined ? { toArticle: to.article } : {}),
          link,
          linkValidUntil: answer?.validUntil.toISOString(),
          calendarAttached: Boolean(notice.appointment && deps.topic.attachesFiles),
        });
        const attachments = notice.appointment && deps.topic.attachesFiles ? [calendarFileOf(notice.appointment)] : undefined;

        const topicMessage = {
          eventId: event.eventId,
          organisationId: org.id,
          kind: notice.kind,
          audience: recipient.audience,
          ...(notice.urgency ? { urgency: notice.urgency } : {}),
          ...message,
          recipients: { email: org.notification.email, sms: org.notification.sms },
          ...(attachments ? { attachments } : {}),
        };
        const { topic } = deps;
        const asWrite = topic.asWrite?.bind(topic);
        const told = reportsResults && recipient.audience === 'receiver';
        tasks.push({
          key: `${org.id}#topic`,
          reported: told
            ? [...(org.notification.email ? (['email'] as const) : []), ...(org.notification.sms ? (['sms'] as const) : [])]
            : [],
          reasonOf: () => 'not_accepted',
          inDoubt: topic.inDoubt,
          run: () => topic.publish(topicMessage),
          ...(asWrite ? { write: () => asWrite(topicMessage) } : {}),
        });

        const url = org.notification.webhookUrl;
        if (!url) continue;
        const secret = await deps.organisations.getWebhookSecret(org.id);
        if (!secret) {
          // Webhooks are always signed (SECURITY.md): without a secret there is nothing to send.
          deps.log.warn('Webhook URL without a signing secret: webhook not sent', { eventId: event.eventId, organisationId: org.id });
          if (told) tell('webhook', 'failed', 'no_secret');
          continue;
        }
        const body = JSON.stringify(webhookPayload(notice, link));
        tasks.push({
          key: `${org.id}#webhook`,
          reported: told ? ['webhook'] : [],
          reasonOf: webhookFailureReason,
          // At least once: the partner deduplicates on X-Relais-Event-Id (README.md, ADR 0015).
          inDoubt: 'resend',
          run: () => deps.webhooks.deliver({ eventId: event.eventId, organisationId: org.id, url, secret, body }),
        });
      }

      /**
       * A channel that is a write: the write and the delivery's record in one transaction.
       * Otherwise claim, deliver, mark done (or release on failure); wait while another copy of
       * the event holds the claim; a claim left by a dead run is taken over or given up as the
       * channel's policy says.
       */
      const deliver = async (task: DeliveryTask) => {
        if (task.write) {
          const outcome = await deps.deliveries.sendOnce(event.eventId, task.key, deps.clock.now(), task.write());
          (outcome === 'sent' ? report.delivered : report.skipped).push(task.key);
          return;
        }
        const waitUntil = deps.clock.now().getTime() + BUSY_WAIT_MS;
        for (;;) {
          const claim = await deps.deliveries.claim(event.eventId, task.key, deps.clock.now(), DELIVERY_LEASE_MS, task.inDoubt);
          if (claim === 'done') {
            report.skipped.push(task.key);
            return;
          }
          if (claim === 'in-doubt') {
            report.inDoubt = [...(report.inDoubt ?? []), task.key];
            deps.log.warn('Partner notification left in doubt by a run that died: not sent again', {
              eventId: event.eventId,
              delivery: task.key,
            });
            return;
          }
          if (claim === 'claimed') break;
          if (deps.clock.now().getTime() >= waitUntil) throw new DeliveryBusyError();
          await deps.sleep(BUSY_POLL_MS);
        }
        try {
          await task.run();
        } catch (error) {
          await deps.deliveries.release(event.eventId, task.key).catch(() => undefined);
          throw error;
        }
        await deps.deliveries.complete(event.eventId, task.key, deps.clock.now());
        report.delivered.push(task.key);
      };
      const results = await Promise.allSettled(tasks.map(deliver));
      const failed = results.filter((r) => r.status === 'rejected');
      for (const r of failed) {
        deps.log.warn('Partner notification delivery failed', { eventId: event.eventId, errorName: (r.reason as Error)?.name });
      }
      // Each channel's result, delivered or not (a redelivery reports again what went out: intake
      // keeps the furthest state). A failure is `retried` while the queue will deliver the event
      // again, `failed` at its last delivery. Left in doubt: nothing is known, nothing is told.
      const last = attempt.receiveCount >= attempt.maxReceiveCount;
      results.forEach((result, i) => {
        const task = tasks[i] as DeliveryTask;
        if (result.status === 'fulfilled') {
          if (report.inDoubt?.includes(task.key)) return;
          for (const channel of task.reported) tell(channel, 'delivered');
        } else {
          for (const channel of task.reported) tell(channel, last ? 'failed' : 'retried', last ? task.reasonOf(result.reason) : undefined);
        }
      });
      if (reports.length > 0 && deps.reporter) {
        await deps.reporter.report(reports).catch((error: unknown) => {
          // The deliveries themselves stand; their report is lost for this run only (a redelivery reports again).
          deps.log.warn('Partner delivery results not announced', { eventId: event.eventId, errorName: (error as Error)?.name });
          if (failed.length === 0) throw error;
        });
      }
      if (failed.length > 0) throw new NotificationDeliveryError(failed.length, tasks.length);
      deps.log.info('Partner notified', { eventId: event.eventId, kind: notice.kind, deliveries: report.delivered.length });
      return report;
    },
  };
}
