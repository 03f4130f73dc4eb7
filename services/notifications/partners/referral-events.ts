import * as z from 'zod';

/**
 * The intake service's referral events, as the directory reads them to notify partners. These
 * schemas are the directory's own reading of the contract, not an import of intake's code: they
 * ask only for what a notification needs, and `z.object` drops every other field (a `personId`
 * never reaches a message or a log), so intake can add fields without breaking this consumer.
 * A field that is needed and missing is an error: the event is retried, then dead-lettered.
 */
export const INTAKE_SOURCE = 'relais.intake';
export const REFERRAL_EVENT_TYPES = ['ReferralSent', 'ReferralStatusChanged', 'ReferralReminderDue', 'ReferralLinkRequested'] as const;
/** Appointments' event that gives a referral its date and place (issue 17, ADR 0039). */
export const APPOINTMENTS_SOURCE = 'relais.appointments';
export const APPOINTMENT_EVENT_TYPES = ['AppointmentBooked', 'AppointmentCancelled'] as const;
export type ReferralEventType = (typeof REFERRAL_EVENT_TYPES)[number];

const Id = z.string().trim().min(1).max(100);
const Instant = z.string().min(1).max(40);
/** Anything but `urgent` reads as normal: a new urgency level must not block a notification. */
const Urgency = z
  .string()
  .optional()
  .transform((v): Urgency | undefined => (v === undefined ? undefined : v === 'urgent' ? 'urgent' : 'normal'));
export type Urgency = 'normal' | 'urgent';

export const ReferralSentDataSchema = z.object({
  referralId: Id,
  fromOrganisationId: Id,
  toOrganisationId: Id,
  themes: z.array(z.string().max(200)).max(100).default([]),
  urgency: Urgency.default('normal'),
  sentAt: Instant,
  expiresAt: Instant.optional(),
  /** Until when the signed link in the message works (intake's RELAIS_REFERRAL_LINK_DAYS). */
  linkValidUntil: Instant.optional(),
});

export const ReferralStatusChangedDataSchema = z.object({
  referralId: Id,
  fromOrganisationId: Id,
  toOrganisationId: Id,
  /** `accepted`, `declined`, `closed`, `expired`; another value is notified as a plain change. */
  status: z.string().trim().min(1).max(40),
  previousStatus: z.string().max(40).optional(),
  at: Instant,
  // `byOrganisationId` (null when Relais itself expired the referral) is not needed: messages name the receiver.
});

export const ReferralReminderDueDataSchema = z.object({
  referralId: Id,
  fromOrganisationId: Id,
  toOrganisationId: Id,
  expiresAt: Instant,
  linkValidUntil: Instant.optional(),
});

export const ReferralLinkRequestedDataSchema = z.object({
  referralId: Id,
  fromOrganisationId: Id,
  toOrganisationId: Id,
  status: z.string().trim().min(1).max(40),
  expiresAt: Instant.optional(),
  linkValidUntil: Instant.optional(),
  at: Instant,
});

/**
 * Appointments' `AppointmentBooked`, read for the partner's notice: ids, the site and its
 * organisation (the referral's receiver), who booked, the times with their Paris offset, the
 * channel and the place (public directory data). Appointments never puts the person in it.
 */
export const AppointmentBookedDataSchema = z.object({
  appointmentId: Id,
  referralId: Id,
  siteId: Id,
  organisationId: Id,
  bookedByOrganisationId: Id,
  start: Instant,
  end: Instant,
  channel: z.enum(['site', 'phone', 'video']),
  at: Instant,
  siteName: z.string().max(300).optional(),
  siteAddress: z.string().max(500).optional(),
  /** The calendar SEQUENCE after this change (absent from older events: 0 booked, 1 cancelled). */
  sequence: z.number().int().min(0).optional(),
});

/** The appointment a notice carries (message, calendar file, webhook). */
export interface NoticeAppointment {
  appointmentId: string;
  siteId: string;
  start: string;
  end: string;
  channel: 'site' | 'phone' | 'video';
  siteName?: string;
  siteAddress?: string;
  bookedAt: string;
  /** Cancelled (`AppointmentCancelled`): the calendar file removes the event (METHOD:CANCEL, same UID, SEQUENCE + 1). */
  cancelled?: boolean;
  /** The calendar SEQUENCE of this file. */
  sequence?: number;
}

export type NoticeKind = 'sent' | 'status_changed' | 'reminder' | 'link' | 'appointment';

/** One referral event, flattened: what every message and webhook is built from. */
export interface ReferralNotice {
  kind: NoticeKind;
  eventId: string;
  occurredAt: string;
  referralId: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  /** The referral's status after the event (`sent` while it waits for an answer). */
  status: string;
  previousStatus?: string;
  /** When it happened (sent, changed, or the reminder's due time). */
  at: string;
  /** Known from `ReferralSent`; for later events, from what the directory kept of it. */
  themes?: string[];
  urgency?: Urgency;
  sentAt?: string;
  expiresAt?: string;
  /** Until when the answer link works (absent in older events: the referral's expiry bounds it). */
  linkValidUntil?: string;
  /** `appointment`: the appointment booked for the referral. */
  appointment?: NoticeAppointment;
}

export interface IncomingEvent {
  detailType: string;
  eventId: string;
  occurredAt: string;
  data: unknown;
}

/** The notice of a referral event, or undefined for an event type this consumer does not handle. */
export function parseReferralEvent(event: IncomingEvent): ReferralNotice | undefined {
  const base = { eventId: event.eventId, occurredAt: event.occurredAt };
  switch (event.detailType) {
    case 'ReferralSent': {
      const d = ReferralSentDataSchema.parse(event.data);
      return { ...base, kind: 'sent', status: 'sent', at: d.sentAt, ...d };
    }
    case 'ReferralStatusChanged': {
      const d = ReferralStatusChangedDataSchema.parse(event.data);
      return { ...base, kind: 'status_changed', ...d };
    }
    case 'ReferralReminderDue': {
      const d = ReferralReminderDueDataSchema.parse(event.data);
      return { ...base, kind: 'reminder', status: 'sent', at: event.occurredAt, ...d };
    }
    case 'ReferralLinkRequested': {
      const d = ReferralLinkRequestedDataSchema.parse(event.data);
      return { ...base, kind: 'link', ...d };
    }
    case 'AppointmentBooked':
    case 'AppointmentCancelled': {
      const d = AppointmentBookedDataSchema.parse(event.data);
      const cancelled = event.detailType === 'AppointmentCancelled';
      return {
        ...base,
        kind: 'appointment',
        referralId: d.referralId,
        // The sender is the referral's (from what was kept of it, `withFacts`); until known, who booked.
        fromOrganisationId: d.bookedByOrganisationId,
        toOrganisationId: d.organisationId,
        // The referral's own status is not the appointment's business: none is said.
        status: '',
        at: d.at,
        appointment: {
          appointmentId: d.appointmentId,
          siteId: d.siteId,
          start: d.start,
          end: d.end,
          channel: d.channel,
          ...(d.siteName ? { siteName: d.siteName } : {}),
          ...(d.siteAddress ? { siteAddress: d.siteAddress } : {}),
          bookedAt: d.at,
          ...(cancelled ? { cancelled: true } : {}),
          sequence: d.sequence ?? (cancelled ? 1 : 0),
        },
      };
    }
    default:
      return undefined;
  }
}

/** What the directory keeps of a sent referral so later messages can name its themes (no personal data). */
export interface ReferralFacts {
  referralId: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  themes: string[];
  urgency: Urgency;
  sentAt: string;
  expiresAt?: string;
}

export function factsOf(notice: ReferralNotice): ReferralFacts | undefined {
  if (notice.kind !== 'sent') return undefined;
  return {
    referralId: notice.referralId,
    fromOrganisationId: notice.fromOrganisationId,
    toOrganisationId: notice.toOrganisationId,
    themes: notice.themes ?? [],
    urgency: notice.urgency ?? 'normal',
    sentAt: notice.sentAt ?? notice.at,
    ...(notice.expiresAt ? { expiresAt: notice.expiresAt } : {}),
  };
}

/** The notice completed with what is known of the referral (the event's own facts win). */
export function withFacts(notice: ReferralNotice, facts: ReferralFacts | undefined): ReferralNotice {
  if (!facts || facts.referralId !== notice.referralId) return notice;
  return {
    ...notice,
    ...(notice.kind === 'appointment' ? { fromOrganisationId: facts.fromOrganisationId } : {}),
    themes: notice.themes ?? facts.themes,
    urgency: notice.urgency ?? facts.urgency,
    sentAt: notice.sentAt ?? facts.sentAt,
    expiresAt: notice.expiresAt ?? facts.expiresAt,
  };
}
