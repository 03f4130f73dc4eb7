import type { Referral } from './referral.rules';
import { hasEnded } from './referral.rules';
import type { DeliveryStatus, ReferralDelivery } from './referral.schema';

/** A delivery result as the notifications service reports it (`PartnerDeliveryReported`, ADR 0034). */
export interface DeliveryResult {
  channel: 'email' | 'sms' | 'webhook';
  /** The instant of the request it answers: the referral's sending, or a re-sent link. */
  requestedAt: string;
  status: 'delivered' | 'retried' | 'failed';
  at: string;
  attempt: number;
  maxAttempts: number;
  reasonCode?: string;
}

/**
 * How far a delivery has gone: a result only moves it forward. `delivered` is the truth once
 * known (a late `retried` or `failed` of an earlier run never hides it); `failed` is final
 * otherwise; among `retried`, the highest attempt wins.
 */
const RANK: Record<DeliveryStatus, number> = { pending: 0, retried: 1, failed: 2, delivered: 3 };

function isNewer(current: ReferralDelivery, result: DeliveryResult): boolean {
  const from = RANK[current.status];
  const to = RANK[result.status];
  if (to !== from) return to > from;
  return result.status === 'retried' && result.attempt > (current.attempt ?? 0);
}

const answers = (d: ReferralDelivery, result: DeliveryResult) =>
  d.channel === result.channel && (d.requestedAt ?? d.at) === result.requestedAt;

/**
 * The referral's deliveries once a result is applied, or `undefined` when it changes nothing
 * (a copy, or an older state arriving late): idempotent and safe in any order. A result for a
 * request with no entry of its channel (its channels changed since) is added as a new entry.
 */
export function applyDeliveryResult(deliveries: readonly ReferralDelivery[], result: DeliveryResult): ReferralDelivery[] | undefined {
  const index = deliveries.findIndex((d) => answers(d, result));
  const next: ReferralDelivery = {
    channel: result.channel,
    status: result.status,
    at: result.at,
    requestedAt: result.requestedAt,
    ...(result.status === 'failed' && result.reasonCode ? { reason: result.reasonCode } : {}),
    ...(result.status === 'delivered' ? {} : { attempt: result.attempt, maxAttempts: result.maxAttempts }),
  };
  if (index < 0) return [...deliveries, next];
  const current = deliveries[index] as ReferralDelivery;
  if (!isNewer(current, result)) return undefined;
  return deliveries.map((d, i) => (i === index ? next : d));
}

/**
 * The channels whose delivery failed after its retries and that nothing delivered since: for the
 * same channel, a later request delivered (a re-sent link that got through) clears the warning.
 */
export function failedChannels(deliveries: readonly ReferralDelivery[]): string[] {
  const latest = new Map<string, ReferralDelivery>();
  for (const d of deliveries) {
    const seen = latest.get(d.channel);
    if (!seen || (d.requestedAt ?? d.at) >= (seen.requestedAt ?? seen.at)) latest.set(d.channel, d);
  }
  return [...latest.values()].filter((d) => d.status === 'failed').map((d) => d.channel);
}

/**
 * What the coordinator's view keeps of a running referral (one item per referral in one
 * partition, ADR 0034): ids, dates, status, the sending site, the offline choice, the failed
 * channels. No person, no note, no reason. `undefined` once the referral has ended.
 */
export interface RunningReferral {
  referralId: string;
  toOrganisationId: string;
  fromOrganisationId: string;
  fromSiteId?: string;
  status: Referral['status'];
  sentAt: string;
  expiresAt: string;
  offlineChannel?: Referral['offlineChannel'];
  failedChannels: string[];
}

export function runningReferral(referral: Referral): RunningReferral | undefined {
  if (hasEnded(referral.status)) return undefined;
  return {
    referralId: referral.id,
    toOrganisationId: referral.toOrganisationId,
    fromOrganisationId: referral.fromOrganisationId,
    ...(referral.fromSiteId ? { fromSiteId: referral.fromSiteId } : {}),
    status: referral.status,
    sentAt: referral.sentAt,
    expiresAt: referral.expiresAt,
    ...(referral.offlineChannel ? { offlineChannel: referral.offlineChannel } : {}),
    failedChannels: failedChannels(referral.deliveries ?? []),
  };
}

export type AtRiskReason = 'unreachable' | 'failed_delivery' | 'expiring';

/** Why a running referral needs the coordinator's eye, if it does. */
export function atRiskReasons(running: RunningReferral, now: Date, withinDays: number): AtRiskReason[] {
  const limit = new Date(now.getTime() + withinDays * 86_400_000).toISOString();
  return [
    ...(running.offlineChannel ? (['unreachable'] as const) : []),
    ...(running.failedChannels.length > 0 ? (['failed_delivery'] as const) : []),
    ...(running.expiresAt <= limit ? (['expiring'] as const) : []),
  ];
}
