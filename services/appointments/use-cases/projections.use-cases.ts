import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { OrganisationChanged, SiteChanged } from '../../directory/events/directory.events';
import { ReferralSent, ReferralStatusChanged } from '../../intake/events/intake.events';
import type { AppointmentsRepository } from '../domain/appointments.ports';

/** « 12 rue X, 46000 » (what a calendar shows as the place); undefined when the directory gives none. */
const placeOf = (data: { address?: string; postalCode?: string }): string | undefined =>
  [data.address, data.postalCode].filter((v) => v && v.trim() !== '').join(', ') || undefined;

export type ProjectionOutcome = 'applied' | 'stale' | 'ignored';

/**
 * What appointments keeps of the other services, to decide alone (ADR 0002): the directory's
 * organisations (where their appointments are booked, ADR 0042), its sites (whose organisation may publish their availability, which organisation a booking goes
 * to) and intake's referrals (who sent them, to whom, about whom: the only way a booking gets a
 * person). An older event than what is kept changes nothing; a status change of a referral not
 * yet seen waits for it (retried by the bus).
 */
export function makeApplyProjections(deps: { repository: AppointmentsRepository }) {
  const { repository } = deps;
  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<ProjectionOutcome> {
      switch (event.detailType) {
        case SiteChanged.detailType: {
          const { data } = SiteChanged.parse(event.detail);
          const current = await repository.getSite(data.siteId);
          if (current && current.version >= data.version) return 'stale';
          repository.saveSite(uow, {
            siteId: data.siteId,
            organisationId: data.organisationId,
            name: data.name ?? '',
            ...(placeOf(data) ? { address: placeOf(data) } : {}),
            ...(data.phone ? { phone: data.phone } : {}),
            version: data.version,
          });
          return 'applied';
        }
        case OrganisationChanged.detailType: {
          // Where the organisation's appointments are booked (ADR 0042); absent from the event: Relais' own book.
          const { data } = OrganisationChanged.parse(event.detail);
          const current = await repository.getOrganisation(data.organisationId);
          if (current && current.version >= data.version) return 'stale';
          repository.saveOrganisation(uow, {
            organisationId: data.organisationId,
            ...(data.appointmentBook ? { appointmentBook: data.appointmentBook } : {}),
            version: data.version,
          });
          return 'applied';
        }
        case ReferralSent.detailType: {
          const { data } = ReferralSent.parse(event.detail);
          if (await repository.getReferral(data.referralId)) return 'stale';
          repository.saveReferral(uow, {
            referralId: data.referralId,
            fromOrganisationId: data.fromOrganisationId,
            toOrganisationId: data.toOrganisationId,
            ...(data.personId ? { personId: data.personId } : {}),
            themes: data.themes,
            status: 'sent',
            at: data.sentAt,
          });
          return 'applied';
        }
        case ReferralStatusChanged.detailType: {
          const { data } = ReferralStatusChanged.parse(event.detail);
          const current = await repository.getReferral(data.referralId);
          if (!current) throw new Error('ReferralStatusChanged before ReferralSent: retried');
          if (current.at > data.at) return 'stale';
          // The referral loop (ADR 0026) added `in_review` (still pending) and `withdrawn` (ended like an expiry).
          const status = data.status === 'in_review' ? 'sent' : data.status === 'withdrawn' ? 'expired' : data.status;
          repository.saveReferral(uow, { ...current, status, at: data.at });
          return 'applied';
        }
        default:
          return 'ignored';
      }
    },
  };
}
