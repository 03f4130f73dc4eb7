/**
 * The appointment's calendar file as a download link built in the page (ADR 0039): the same file
 * as `GET /api/appointments/{id}.ics` (same UID, `shared/calendar/appointment.ts`), so the
 * partner without an account — on its signed link page — adds it to its calendar too.
 */
import { appointmentIcs } from '../../../shared/calendar/appointment';

export interface CalendarFacts {
  appointmentId: string;
  start: string;
  end: string;
  channel: 'site' | 'phone' | 'video';
  siteName?: string;
  siteAddress?: string;
  status: 'booked' | 'cancelled' | 'honoured' | 'missed';
  steps: ReadonlyArray<{ status: string; at: string }>;
}

/** A `data:` address of the `.ics` file (no request, no token in it). */
export function calendarHref(a: CalendarFacts): string {
  const ics = appointmentIcs({
    appointmentId: a.appointmentId,
    start: a.start,
    end: a.end,
    channel: a.channel,
    ...(a.siteName ? { siteName: a.siteName } : {}),
    ...(a.siteAddress ? { siteAddress: a.siteAddress } : {}),
    changedAt: a.steps.at(-1)?.at ?? a.start,
    sequence: Math.max(0, a.steps.length - 1),
    cancelled: a.status === 'cancelled',
  });
  return `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;
}
