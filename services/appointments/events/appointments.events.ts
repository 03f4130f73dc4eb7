import * as z from 'zod';
import { defineEvent } from '../../../shared/events/envelope';

const SOURCE = 'relais.appointments';

/**
 * What every appointment event carries: ids, the site and its organisation, who booked, the
 * start with its Paris offset and the channel. No personal data (no person id, no name): a
 * consumer that needs the person goes through the referral.
 */
const AppointmentFacts = z.object({
  appointmentId: z.string(),
  referralId: z.string(),
  siteId: z.string(),
  organisationId: z.string(),
  bookedByOrganisationId: z.string(),
  start: z.string(),
  end: z.string(),
  channel: z.enum(['site', 'phone', 'video']),
  at: z.string(),
});

/** An appointment was booked for a referral (issue 17). */
export const AppointmentBooked = defineEvent(SOURCE, 'AppointmentBooked', AppointmentFacts);

/** An appointment was cancelled: its place is free again. */
export const AppointmentCancelled = defineEvent(SOURCE, 'AppointmentCancelled', AppointmentFacts.extend({ byOrganisationId: z.string() }));

/** The person came (marked by the site's organisation or the coordination, after the start). */
export const AppointmentHonoured = defineEvent(SOURCE, 'AppointmentHonoured', AppointmentFacts.extend({ byOrganisationId: z.string() }));

/** The person did not come and did not cancel (the observatory's no-show rate). */
export const AppointmentMissed = defineEvent(SOURCE, 'AppointmentMissed', AppointmentFacts.extend({ byOrganisationId: z.string() }));

/**
 * A message to the person about her appointment is due now (at booking, or the reminder before):
 * intake, which holds her contact, asks notifications to send it (`PersonNoticeRequested`).
 * Published only while the appointment is booked, outside the quiet hours, within the budget and
 * more than an hour before its start; the sender checks the start again. No personal data: the
 * place's name and the appointment's times.
 */
export const AppointmentReminderDue = defineEvent(
  SOURCE,
  'AppointmentReminderDue',
  AppointmentFacts.extend({ kind: z.enum(['booked', 'day-before']), siteName: z.string() }),
);
