import * as z from 'zod';
import { IdSchema, IsoDateSchema, IsoDateTimeSchema, PageQuerySchema, pageOf } from '../../../shared/validation/common.schema';
import { CHANNELS, RangeSchema, ExceptionSchema } from './availability';
import { mondayOfWeek } from './iso-week';

export const SiteParamsSchema = z.object({ id: IdSchema });
export const AppointmentParamsSchema = z.object({ id: IdSchema });
/**
 * `/api/appointments/{id}.ics` (API.md): API Gateway's route keys take a path variable only as a
 * whole segment, so the route is declared `/api/appointments/{id}` and the segment carries the
 * `.ics` suffix (ADR 0024); the handler reads the id before it.
 */
export const AppointmentFileParamsSchema = z.object({
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}\.ics$/, 'Adresse attendue : /api/appointments/<identifiant>.ics'),
});
export const appointmentIdOfFile = (segment: string): string => segment.slice(0, -'.ics'.length);

/** A site's availability as read (version 0: the site publishes none yet). */
export const AvailabilityViewSchema = z.object({
  siteId: z.string(),
  ranges: z.array(RangeSchema),
  exceptions: z.array(ExceptionSchema),
  horizonDays: z.number(),
  minNoticeHours: z.number(),
  openOnPublicHolidays: z.boolean(),
  version: z.number(),
  updatedAt: z.string().nullable(),
});
export type AvailabilityView = z.output<typeof AvailabilityViewSchema>;

/** The longest period one page of slots looks at. */
export const MAX_SLOT_PERIOD_DAYS = 366;

/** `?from=&to=` (Paris days, `to` included), paged. */
export const SlotsQuerySchema = PageQuerySchema.extend({ from: IsoDateSchema, to: IsoDateSchema }).superRefine((q, ctx) => {
  if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'La fin doit suivre le début' });
  else if (Date.parse(q.to) - Date.parse(q.from) > MAX_SLOT_PERIOD_DAYS * 86_400_000) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `Une période de ${MAX_SLOT_PERIOD_DAYS} jours au plus` });
  }
});

export const SlotSchema = z.object({ start: z.string(), end: z.string(), channel: z.enum(CHANNELS), remaining: z.number() });
export const SlotsPageSchema = pageOf(SlotSchema);

/** `POST /api/appointments`: the person comes from the referral, never from the body. */
export const BookSchema = z.strictObject({
  siteId: IdSchema,
  /** With its offset (`2026-03-31T09:30:00+02:00`); a time without one is refused (400). */
  start: IsoDateTimeSchema,
  channel: z.enum(CHANNELS).optional(),
  referralId: IdSchema,
});
export type BookInput = z.output<typeof BookSchema>;

export const AppointmentViewSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  organisationId: z.string(),
  referralId: z.string(),
  bookedByOrganisationId: z.string(),
  /** With its Paris offset. */
  start: z.string(),
  end: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(['booked', 'cancelled', 'honoured', 'missed']),
  version: z.number(),
});
export type AppointmentView = z.output<typeof AppointmentViewSchema>;

/** 409 when the slot was taken: the problem, and the next free slots to choose from. */
export const TakenSchema = z.object({ code: z.string(), alternatives: z.array(SlotSchema) });

/** `POST /api/referrals/{id}/booking-link`: the site where the person will choose her slot. */
export const ReferralParamsSchema = z.object({ id: IdSchema });
export const BookingLinkBodySchema = z.strictObject({ siteId: IdSchema });
export const BookingLinkViewSchema = z.object({
  /** The address to give the person (the SPA's page `/#/rendez-vous/<token>`). */
  link: z.string(),
  expiresAt: z.string(),
});

/** The person's own link (no account): the signed token is the credential. */
export const BookingTokenParamsSchema = z.strictObject({ token: z.string().min(16).max(2048) });
/** What the person sees with her link: the place and its next free slots. */
export const BookingPageSchema = z.object({
  siteId: z.string(),
  siteName: z.string(),
  expiresAt: z.string(),
  items: z.array(SlotSchema),
});
/** The person chooses: a start with its offset, and the channel when the slot offers several. */
export const LinkBookSchema = z.strictObject({ start: IsoDateTimeSchema, channel: z.enum(CHANNELS).optional() });

/** The person's page to cancel or move her appointment (ADR 0042): her appointment, its place, other free slots. */
export const AppointmentLinkPageSchema = z.object({
  appointment: z.object({
    start: z.string(),
    end: z.string(),
    channel: z.enum(CHANNELS),
    status: z.enum(['booked', 'cancelled', 'honoured', 'missed']),
  }),
  siteId: z.string(),
  siteName: z.string(),
  siteAddress: z.string().optional(),
  sitePhone: z.string().optional(),
  items: z.array(SlotSchema),
});
/** She moves it: the new start with its offset, and the channel when the slot offers several. */
export const MoveSchema = z.strictObject({ start: IsoDateTimeSchema, channel: z.enum(CHANNELS).optional() });

/** `?week=YYYY-Www` (ISO week; the current Paris week when absent). */
export const AgendaQuerySchema = z.strictObject({
  week: z
    .string()
    .refine((w) => mondayOfWeek(w) !== undefined, 'Semaine attendue au format AAAA-Sss (semaine ISO), par exemple 2026-W50')
    .optional(),
});
/**
 * A site's appointments of one week, for the partner's agenda: times, status, the referral —
 * and of the person only what the appointment needs. Appointments keeps no name (no personal
 * data crosses the bus), so `person` is empty: her file opens from the referral, one read at a
 * time under the policy (ADR 0042).
 */
export const AgendaSchema = z.object({
  siteId: z.string(),
  siteName: z.string(),
  week: z.string(),
  /** Monday and Sunday of the week (Paris days). */
  from: z.string(),
  to: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      start: z.string(),
      end: z.string(),
      channel: z.enum(CHANNELS),
      status: z.enum(['booked', 'cancelled', 'honoured', 'missed']),
      referralId: z.string(),
      bookedByOrganisationId: z.string(),
      person: z.object({ displayName: z.string().optional() }),
    }),
  ),
});
export type Agenda = z.output<typeof AgendaSchema>;
