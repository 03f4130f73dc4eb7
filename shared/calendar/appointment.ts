import { type CalendarEvent, toIcs } from './ics';

/** How the appointment takes place, in the calendar's summary. */
const CHANNEL_WORDS = { site: 'sur place', phone: 'par téléphone', video: 'en visio' } as const;

/** What a calendar file of an appointment says: the place, the time and the channel, never the person. */
export interface AppointmentCalendarFacts {
  appointmentId: string;
  /** Instants (ISO, any offset). */
  start: string;
  end: string;
  channel: keyof typeof CHANNEL_WORDS;
  siteName?: string;
  siteAddress?: string;
  /** When the appointment last changed (DTSTAMP). */
  changedAt: string;
  /** 0 when booked, +1 at each change (SEQUENCE). */
  sequence: number;
  cancelled?: boolean;
}

/**
 * The appointment's calendar event, the same for the `.ics` route (appointments) and the file
 * attached to the partner's notification (notifications): one UID per appointment, so a calendar
 * that imports both keeps one event. Times in UTC (a calendar shows them in its own zone, Paris
 * for the network's partners).
 */
export function appointmentCalendarEvent(f: AppointmentCalendarFacts): CalendarEvent {
  const place = [f.siteName, f.siteAddress].filter(Boolean).join(', ');
  return {
    uid: `${f.appointmentId}@relais.social`,
    start: new Date(f.start),
    end: new Date(f.end),
    summary: `Rendez-vous ${CHANNEL_WORDS[f.channel]}${f.siteName ? ` — ${f.siteName}` : ''}`,
    ...(place && f.channel === 'site' ? { location: place } : {}),
    description: 'Rendez-vous pris avec Relais pour une orientation.',
    stamp: new Date(f.changedAt),
    cancelled: f.cancelled ?? false,
    sequence: f.sequence,
  };
}

export const appointmentIcs = (f: AppointmentCalendarFacts): string => toIcs(appointmentCalendarEvent(f));
