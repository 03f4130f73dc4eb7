import * as z from 'zod';
import { IsoDateOrDateTimeSchema } from '../../../shared/validation/common.schema';

/** How the appointment is held. */
export const CHANNELS = ['site', 'phone', 'video'] as const;
export const CHANNEL_LABELS: Readonly<Record<(typeof CHANNELS)[number], string>> = {
  site: 'sur place',
  phone: 'par téléphone',
  video: 'en visio',
};

const TimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure attendue au format HH:MM (ex. 09:30)');
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** One recurring opening for appointments: every `weekday`, from `from` to `to`, slots of `slotMinutes`. */
export const RangeSchema = z
  .strictObject({
    /** ISO weekday: 1 Monday … 7 Sunday. */
    weekday: z.number().int().min(1, 'Jour de 1 (lundi) à 7 (dimanche)').max(7, 'Jour de 1 (lundi) à 7 (dimanche)'),
    from: TimeSchema,
    to: TimeSchema,
    slotMinutes: z.number().int().min(5, 'Un rendez-vous dure 5 minutes au moins').max(240, 'Un rendez-vous dure 4 heures au plus'),
    /** How many people can be received at once in one slot. */
    capacity: z.number().int().min(1).max(50).default(1),
    channel: z.enum(CHANNELS).default('site'),
  })
  .superRefine((range, ctx) => {
    if (minutes(range.to) <= minutes(range.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'La fin doit suivre le début' });
    } else if (minutes(range.to) - minutes(range.from) < range.slotMinutes) {
      ctx.addIssue({ code: 'custom', path: ['slotMinutes'], message: 'La plage est plus courte qu’un rendez-vous' });
    }
  });
export type Range = z.output<typeof RangeSchema>;

/** A closure: a day or a period (holidays of the team, a training day, works). */
export const ExceptionSchema = z
  .strictObject({
    from: IsoDateOrDateTimeSchema,
    to: IsoDateOrDateTimeSchema,
    reason: z.string().trim().min(1).max(200),
  })
  .refine((e) => e.to >= e.from, { path: ['to'], message: 'La fin doit suivre le début' });
export type AvailabilityException = z.output<typeof ExceptionSchema>;

/** Two ranges of one channel that overlap on a weekday would offer the same minutes twice. */
function noOverlap(a: { ranges: readonly Range[] }, ctx: z.RefinementCtx): void {
  a.ranges.forEach((r, i) => {
    const j = a.ranges.findIndex(
      (o, k) =>
        k < i && o.weekday === r.weekday && o.channel === r.channel && minutes(o.from) < minutes(r.to) && minutes(r.from) < minutes(o.to),
    );
    if (j >= 0) ctx.addIssue({ code: 'custom', path: ['ranges', i, 'from'], message: `Chevauche la plage n° ${j + 1} du même jour` });
  });
}

const availabilityShape = {
  ranges: z.array(RangeSchema).max(100),
  exceptions: z.array(ExceptionSchema).max(200).default([]),
  /** How far ahead one may book, in days. */
  horizonDays: z.number().int().min(1).max(365).default(60),
  /** How long before a slot one may still book it, in hours. */
  minNoticeHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 14)
    .default(24),
  /** Closed on public holidays unless said otherwise. */
  openOnPublicHolidays: z.boolean().default(false),
};

/** What a site offers for appointments (API.md, « Appointments »). */
export const AvailabilitySchema = z.strictObject(availabilityShape).superRefine(noOverlap);

/**
 * The body of `PUT /api/sites/{id}/availability`: the availability and the `version` it was
 * based on (0 for a site that publishes none yet), so that two editors never overwrite each other.
 */
export const PutAvailabilitySchema = z.strictObject({ ...availabilityShape, version: z.number().int().min(0) }).superRefine(noOverlap);
export type Availability = z.output<typeof AvailabilitySchema>;

export { minutes as minutesOf };
