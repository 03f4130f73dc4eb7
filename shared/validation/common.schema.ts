import * as z from 'zod';
import { ulid } from 'ulid';

/** A ULID, the id format of every Relais record. */
export const IdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Identifiant invalide (ULID attendu)');
export const newId = (): string => ulid();

/** Calendar date `YYYY-MM-DD` that exists. */
export const IsoDateSchema = z.iso.date({ message: 'Date attendue au format AAAA-MM-JJ' });

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
