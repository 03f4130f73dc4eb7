import type { ReferralAppointment } from './referral.schema';

/** One step of an appointment as intake keeps it beside the referral (one item per appointment and status). */
export interface AppointmentStep {
  appointmentId: string;
  siteId: string;
  siteName?: string;
  siteAddress?: string;
  start: string;
  end: string;
  channel: ReferralAppointment['channel'];
  status: ReferralAppointment['status'];
  at: string;
}

/** A booked appointment ends once cancelled, honoured or missed; the ending step wins whatever the arrival order. */
const RANK: Readonly<Record<ReferralAppointment['status'], number>> = { booked: 0, cancelled: 1, honoured: 1, missed: 1 };

/**
 * The referral's appointments from their steps, whatever order the events arrived in (a queue
 * delivers at least once, in no set order): each appointment with its steps by date and, as its
 * status, its ending step if any. The same step twice is one step. Oldest appointment first.
 */
export function appointmentsOf(steps: readonly AppointmentStep[]): ReferralAppointment[] {
  const byId = new Map<string, AppointmentStep[]>();
  for (const step of steps) byId.set(step.appointmentId, [...(byId.get(step.appointmentId) ?? []), step]);
  return [...byId.values()]
    .map((all) => {
      const unique = [...new Map(all.map((s) => [s.status, s])).values()].sort((a, b) => a.at.localeCompare(b.at));
      const last = [...unique].sort((a, b) => RANK[a.status] - RANK[b.status] || a.at.localeCompare(b.at)).at(-1) as AppointmentStep;
      return {
        appointmentId: last.appointmentId,
        siteId: last.siteId,
        ...(unique.find((s) => s.siteName)?.siteName ? { siteName: unique.find((s) => s.siteName)?.siteName as string } : {}),
        ...(unique.find((s) => s.siteAddress)?.siteAddress
          ? { siteAddress: unique.find((s) => s.siteAddress)?.siteAddress as string }
          : {}),
        start: last.start,
        end: last.end,
        channel: last.channel,
        status: last.status,
        steps: unique.map((s) => ({ status: s.status, at: s.at })),
      };
    })
    .sort((a, b) => (a.steps[0]?.at ?? '').localeCompare(b.steps[0]?.at ?? '') || a.appointmentId.localeCompare(b.appointmentId));
}

/** A self-booking link the person did not use (appointments' `BookingLinkExpired`), kept beside the referral. */
export interface UnusedBookingLink {
  siteId: string;
  issuedAt: string;
  expiresAt: string;
}
