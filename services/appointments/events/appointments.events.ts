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
  /**
   * The place, as the directory publishes it (public data): its name and street address, so the
   * partner's notification and its calendar file say where (ADR 0039). Absent from older events.
   */
  siteName: z.string().optional(),
  siteAddress: z.string().optional(),
  /** The referral's themes (theme ids, no one's data): the observatory's no-show rate per theme. */
  themes: z.array(z.string()).optional(),
  /**
   * The appointment's calendar SEQUENCE after this change (0 booked, +1 at each change; the
   * `.ics` route's): a cancelling file sent to the partner carries the booked one's + 1 (ADR 0042).
   * Absent from older events.
   */
  sequence: z.number().int().min(0).optional(),
});

/** An appointment was booked for a referral (issue 17). */
export const AppointmentBooked = defineEvent(SOURCE, 'AppointmentBooked', AppointmentFacts);

/** An appointment was cancelled: its place is free again. */
export const AppointmentCancelled = defineEvent(
  SOURCE,
  'AppointmentCancelled',
  AppointmentFacts.extend({
    /** The organisation that cancelled; empty when the person did, with her link (`byPerson`). */
    byOrganisationId: z.string(),
    /** The person cancelled or moved it herself, with the link of her SMS (ADR 0042); absent otherwise. */
    byPerson: z.boolean().optional(),
    /** She moved it: the appointment booked instead, in the same transaction. */
    movedTo: z.string().optional(),
  }),
);

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
  AppointmentFacts.extend({
    kind: z.enum(['booked', 'day-before']),
    siteName: z.string(),
    /** The signed token of her link to cancel or move it (`#/rdv/<token>`, valid until the start; ADR 0042); absent from older events. */
    manageToken: z.string().optional(),
  }),
);

/**
 * The person's self-booking link is to reach her (`link`, when given; `link-reminder`, at day 3
 * if she has not chosen): intake, which holds her contact, asks notifications to send it. The
 * token is the signed credential of the link (7 days, one site, one booking).
 */
export const BookingLinkMessageDue = defineEvent(
  SOURCE,
  'BookingLinkMessageDue',
  z.object({
    referralId: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    kind: z.enum(['link', 'link-reminder']),
    token: z.string(),
    expiresAt: z.string(),
    at: z.string(),
  }),
);

/** The self-booking link expired and the person did not choose a slot with it (the referral's timeline). */
export const BookingLinkExpired = defineEvent(
  SOURCE,
  'BookingLinkExpired',
  z.object({ referralId: z.string(), siteId: z.string(), issuedAt: z.string(), expiresAt: z.string(), at: z.string() }),
);

/**
 * A site of a partner has no free slot in the next 10 working days (French public holidays and
 * weekends not counted): published once, when the shortage starts; again only after slots came
 * back and ran out anew. Public facts only (the site, its organisation, the window).
 */
export const AppointmentSlotShortage = defineEvent(
  SOURCE,
  'AppointmentSlotShortage',
  z.object({
    siteId: z.string(),
    organisationId: z.string(),
    siteName: z.string(),
    /** The Paris days looked at, `YYYY-MM-DD`, both included. */
    from: z.string(),
    to: z.string(),
    workingDays: z.number().int(),
    at: z.string(),
  }),
);
