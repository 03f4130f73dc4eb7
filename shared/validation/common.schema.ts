import * as z from 'zod';
import { ulid } from '../ids/ulid';

/** A ULID, the id format of every Relais record. */
export const IdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Identifiant invalide (ULID attendu)');
export const newId = (): string => ulid();

/**
 * The dates Relais accepts: from 1900 (before, it is a typing error; birth dates are the
 * oldest) to 9999 (after, a date no longer has four digits, and stored keys no longer sort).
 */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '9999-12-31';
const MAX_INSTANT_MS = Date.UTC(10000, 0, 1);
export const DATE_RANGE_MESSAGE = 'Date hors des limites : entre le 1er janvier 1900 et le 31 décembre 9999';
const DATE_FORMAT_MESSAGE = 'Date attendue au format AAAA-MM-JJ';
const DATE_TIME_FORMAT_MESSAGE = 'Date et heure attendues (ISO 8601, ex. 2026-11-24T09:30:00+01:00)';
/** A year of five digits or more, or signed: well formed, out of range. */
const EXPANDED_YEAR = /^[+-]?\d{5,}-|^[+-]\d{4}-/;

const formatOrRange = (format: string) => (issue: { input?: unknown }) =>
  typeof issue.input === 'string' && EXPANDED_YEAR.test(issue.input) ? DATE_RANGE_MESSAGE : format;

/** Calendar date `YYYY-MM-DD` that exists, between 1900 and 9999. */
export const IsoDateSchema = z.iso
  .date({ error: formatOrRange(DATE_FORMAT_MESSAGE), abort: true })
  .refine((v) => v >= MIN_DATE, { message: DATE_RANGE_MESSAGE });

/**
 * An instant with its offset (`2026-11-24T09:30:00Z`, `2026-11-24T10:30:00+01:00`), written
 * from 1900 on and before the year 10000 in UTC.
 */
export const IsoDateTimeSchema = z.iso
  .datetime({ offset: true, error: formatOrRange(DATE_TIME_FORMAT_MESSAGE), abort: true })
  .refine((v) => v.slice(0, 10) >= MIN_DATE && Date.parse(v) < MAX_INSTANT_MS, { message: DATE_RANGE_MESSAGE });

/** A whole day (`YYYY-MM-DD`) or an instant, as `from` / `to` of a period. */
export const IsoDateOrDateTimeSchema = z.union([IsoDateSchema, IsoDateTimeSchema]);

/** INSEE commune code (COG): 5 digits, or Corsica's 2A/2B. */
export const CommuneCodeSchema = z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'Code commune INSEE invalide (5 caractères, ex. 46042)');

export const E164PhoneSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Numéro au format international attendu (ex. +33565000000)');

export const EmailSchema = z.email({ message: 'Adresse électronique invalide' });

export const HttpsUrlSchema = z.url({ protocol: /^https$/, message: 'Adresse HTTPS attendue' });

/** Boxes around metropolitan France, Corsica and the DROM: coordinates outside are a typing error. */
const FRANCE_BOXES: ReadonlyArray<[number, number, number, number]> = [
  [-5.5, 41.2, 9.8, 51.2], // métropole et Corse
  [-61.9, 15.8, -60.9, 16.6], // Guadeloupe
  [-61.3, 14.3, -60.7, 15.0], // Martinique
  [-54.7, 2.0, -51.5, 6.0], // Guyane
  [55.1, -21.5, 56.0, -20.8], // La Réunion
  [44.9, -13.1, 45.4, -12.5], // Mayotte
];

export const LocationSchema = z
  .strictObject({
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
  })
  .refine(({ lon, lat }) => FRANCE_BOXES.some(([w, s, e, n]) => lon >= w && lon <= e && lat >= s && lat <= n), {
    message: 'Coordonnées hors de France',
  });

/** Paging of every list: `?limit=` (default 50, max 200) and an opaque `?cursor=`. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Optimistic concurrency: the version a change was based on. */
export const VersionSchema = z.number().int().min(1);

/** Query-string boolean: `true` / `false`. */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((v) => v === 'true');
