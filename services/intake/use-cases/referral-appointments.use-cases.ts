import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import {
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentHonoured,
  AppointmentMissed,
  BookingLinkExpired,
} from '../../appointments/events/appointments.events';
import type { IntakeDeps } from '../domain/intake.ports';
import type { AppointmentStep } from '../domain/referral-appointments';

const STEPS = {
  [AppointmentBooked.detailType]: { event: AppointmentBooked, status: 'booked' },
  [AppointmentCancelled.detailType]: { event: AppointmentCancelled, status: 'cancelled' },
  [AppointmentHonoured.detailType]: { event: AppointmentHonoured, status: 'honoured' },
  [AppointmentMissed.detailType]: { event: AppointmentMissed, status: 'missed' },
} as const;

/**
 * The referral's appointments (issue 17 point 5, ADR 0039).
 * Primary course: appointments announces a booking, a cancellation, or that the person came or
 * not → the referral it was booked for is found → the step (place, time, channel, status, date)
 * is kept beside the referral, and shows on its page with its date. One item per appointment and
 * status: a copy of the event writes the same item again (the consumer also records the event
 * id), and steps arriving out of order still end on the ending one. The referral's status and
 * outcome are the partner's to set (ADR 0039): a missed appointment does not close it. A
 * self-booking link that expired unused (`BookingLinkExpired`) is kept the same way. A
 * referral intake does not know (erased) is ignored.
 */
export function makeApplyAppointmentStep(deps: Pick<IntakeDeps, 'repository'>) {
  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<'applied' | 'ignored'> {
      if (event.detailType === BookingLinkExpired.detailType) {
        // The person let her self-booking link expire: the referral says she did not choose a slot.
        const { data } = BookingLinkExpired.parse(event.detail);
        const referral = await deps.repository.getReferral(data.referralId, true);
        if (!referral) return 'ignored';
        deps.repository.saveUnusedBookingLink(uow, referral.id, {
          siteId: data.siteId,
          issuedAt: data.issuedAt,
          expiresAt: data.expiresAt,
        });
        return 'applied';
      }
      const known = STEPS[event.detailType as keyof typeof STEPS];
      if (!known) return 'ignored';
      const { data } = known.event.parse(event.detail) as { data: ReturnType<typeof AppointmentBooked.parse>['data'] };
      const referral = await deps.repository.getReferral(data.referralId, true);
      if (!referral) return 'ignored';
      const step: AppointmentStep = {
        appointmentId: data.appointmentId,
        siteId: data.siteId,
        ...(data.siteName ? { siteName: data.siteName } : {}),
        ...(data.siteAddress ? { siteAddress: data.siteAddress } : {}),
        start: data.start,
        end: data.end,
        channel: data.channel,
        status: known.status,
        at: data.at,
      };
      deps.repository.saveAppointmentStep(uow, referral.id, step);
      return 'applied';
    },
  };
}
