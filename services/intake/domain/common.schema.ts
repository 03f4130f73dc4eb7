import * as z from 'zod';
import { THEME_IDS } from '../../../shared/reference/data-inclusion-codes';
import { IsoDateTimeSchema } from '../../../shared/validation/common.schema';

/** A data·inclusion v1 thématique (category or `category--sub-theme`). */
export const ThemeSchema = z.string().refine((v) => THEME_IDS.has(v), { message: 'Thématique inconnue (liste data·inclusion)' });

/** Themes of a request: at least one, each once. */
export const ThemesSchema = z
  .array(ThemeSchema)
  .min(1)
  .max(20)
  .transform((themes) => [...new Set(themes)]);

/**
 * Why a person's data is read (DOMAIN rule 5): written to the audit log with each read, always
 * chosen by the server from the route and the caller's tie to the person, never by the client.
 */
export const PURPOSES = [
  'accueil',
  'orientation',
  'accompagnement',
  'verification-doublon',
  'demande-de-la-personne',
  'acces-exceptionnel',
] as const;
export const PurposeSchema = z.enum(PURPOSES);
export type Purpose = z.infer<typeof PurposeSchema>;

/** A professional who did something: kept on the record (professional data, not the person's). */
export const ProfessionalRefSchema = z.object({
  userId: z.string(),
  name: z.string(),
  organisationId: z.string().nullable(),
  role: z.string().optional(),
});
export type ProfessionalRef = z.infer<typeof ProfessionalRefSchema>;

/** An organisation as shown to users: its id and, from the directory's events, its name. */
export const OrganisationRefSchema = z.object({ organisationId: z.string(), organisationName: z.string() });
export type OrganisationRef = z.infer<typeof OrganisationRefSchema>;

/** An instant with its offset (`2026-11-24T09:30:00Z`, `2026-11-24T10:30:00+01:00`), 1900 to 9999. */
export const InstantSchema = IsoDateTimeSchema;

const TIME_ZONE = 'Europe/Paris';

/** Today's date in Paris (`YYYY-MM-DD`). */
export function parisToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The instant Paris clocks show midnight at the start of `date` (`YYYY-MM-DD`). */
export function parisMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = Date.UTC(y, m - 1, d);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(new Date(guess));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    guess += target - shown;
  }
  return new Date(guess);
}
