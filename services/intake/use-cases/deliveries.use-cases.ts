import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { PartnerDeliveryReported } from '../../notifications/events/notifications.events';
import { type AtRiskReason, applyDeliveryResult, atRiskReasons } from '../domain/deliveries';
import type { IntakeDeps } from '../domain/intake.ports';
import type { ReferralAtRisk, ReferralsAtRisk } from '../domain/referral.schema';

/**
 * What became of each delivery of a referral to its partner (ADR 0034).
 * Primary course: the notifications service reports a delivery's result (delivered, retried
 * n/5, failed with a reason code) → the referral's delivery for that channel and request moves
 * forward (kept beside the referral, merged when it is read: its version does not move, so a
 * partner's answer at the same moment is not refused); the running referrals' item follows (a failure counts for the
 * coordinator). A copy, or an older state arriving late (a `retried` after `delivered`), changes
 * nothing; a referral intake does not know (erased, or not intake's) is ignored.
 */
export function makeApplyDeliveryResult(deps: Pick<IntakeDeps, 'repository'>) {
  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<'applied' | 'stale' | 'ignored'> {
      if (event.detailType !== PartnerDeliveryReported.detailType) return 'ignored';
      const { data } = PartnerDeliveryReported.parse(event.detail);
      const referral = await deps.repository.getReferral(data.referralId, true);
      if (!referral || referral.toOrganisationId !== data.organisationId) return 'ignored';
      const deliveries = applyDeliveryResult(referral.deliveries ?? [], data);
      if (!deliveries) return 'stale';
      // Beside the referral, not in it: a person's answer at the same moment is never refused for it.
      deps.repository.saveDeliveryResult(uow, { ...referral, deliveries }, data);
      return 'applied';
    },
  };
}

const DEFAULT_WITHIN_DAYS = 7;

/**
 * The coordinator's « orientations en souffrance » (ADR 0034, issue 14 point 8).
 * Primary course: the coordinator asks for the referrals at risk within N days → the running
 * referrals are read from their one partition (no scan) → each is kept when it was sent with an
 * offline choice (no channel reached the partner), has a delivery failed after its retries, or
 * expires within N days (pending: the 30-day expiry; accepted: the 60-day one) → counted per
 * receiving organisation, most at risk first, with the list to drill into: ids, dates, statuses,
 * organisations and the sending site. No person, no note, no reason (SECURITY.md: the coordinator
 * sees aggregates, never a file).
 */
export function makeReferralsAtRisk(deps: Pick<IntakeDeps, 'repository' | 'clock'>) {
  const { repository, clock } = deps;
  return {
    async execute(query: { withinDays?: number }): Promise<ReferralsAtRisk> {
      const withinDays = query.withinDays ?? DEFAULT_WITHIN_DAYS;
      const now = clock.now();
      const atRisk = (await repository.runningReferrals())
        .map((running) => ({ running, reasons: atRiskReasons(running, now, withinDays) }))
        .filter((r) => r.reasons.length > 0);

      const organisationIds = new Set(atRisk.flatMap(({ running }) => [running.toOrganisationId, running.fromOrganisationId]));
      const organisations = organisationIds.size ? await repository.getOrganisations([...organisationIds]) : new Map();
      const nameOf = (id: string): string => organisations.get(id)?.name ?? id;
      const siteIds = [...new Set(atRisk.map(({ running }) => running.fromSiteId).filter((id): id is string => !!id))];
      const sites = new Map(await Promise.all(siteIds.map(async (id) => [id, (await repository.getSite(id))?.name] as const)));

      const items: ReferralAtRisk[] = atRisk
        .map(({ running, reasons }) => {
          const siteName = running.fromSiteId ? sites.get(running.fromSiteId) : undefined;
          return {
            referralId: running.referralId,
            toOrganisationId: running.toOrganisationId,
            toOrganisationName: nameOf(running.toOrganisationId),
            fromOrganisationId: running.fromOrganisationId,
            fromOrganisationName: nameOf(running.fromOrganisationId),
            ...(running.fromSiteId ? { fromSiteId: running.fromSiteId } : {}),
            ...(siteName ? { fromSiteName: siteName } : {}),
            status: running.status,
            sentAt: running.sentAt,
            expiresAt: running.expiresAt,
            ...(running.offlineChannel ? { offlineChannel: running.offlineChannel } : {}),
            failedChannels: running.failedChannels,
            reasons,
          };
        })
        .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.referralId.localeCompare(b.referralId));

      const counts = new Map<string, Record<AtRiskReason, number>>();
      for (const item of items) {
        const c = counts.get(item.toOrganisationId) ?? { unreachable: 0, failed_delivery: 0, expiring: 0 };
        for (const reason of item.reasons) c[reason]++;
        counts.set(item.toOrganisationId, c);
      }
      const partners = [...counts.entries()]
        .map(([organisationId, c]) => ({
          organisationId,
          organisationName: nameOf(organisationId),
          unreachable: c.unreachable,
          failedDeliveries: c.failed_delivery,
          expiring: c.expiring,
        }))
        .sort(
          (a, b) =>
            b.unreachable + b.failedDeliveries + b.expiring - (a.unreachable + a.failedDeliveries + a.expiring) ||
            a.organisationName.localeCompare(b.organisationName, 'fr'),
        );
      return { withinDays, at: now.toISOString(), partners, items };
    },
  };
}
