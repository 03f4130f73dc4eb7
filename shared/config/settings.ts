import * as z from 'zod';
import { tableEnvName } from '../manifest/manifest';

/**
 * Settings shared by every function, parsed once by zod. A missing or malformed setting fails
 * the cold start with a message naming it, rather than failing a request later.
 */
const SettingsSchema = z.object({
  RELAIS_MODE: z.enum(['local', 'aws']).default('local'),
  RELAIS_STAGE: z.string().default('local'),
  RELAIS_DEPARTEMENT: z
    .string()
    .regex(/^(\d{2}|2[AB]|97\d)$/)
    .default('46'),
  RELAIS_EVENT_BUS_NAME: z.string().default('relais-local'),
  RELAIS_DYNAMODB_ENDPOINT: z.url().optional(),
  /** Commune centres, CSV `code,nom,departement,lon,lat` (first source of coordinates). */
  RELAIS_COMMUNES_FILE: z.string().min(1).optional(),
  /** Commune outlines (GeoJSON FeatureCollection, property `code`) for the coverage map. */
  RELAIS_COMMUNES_GEOJSON: z.string().min(1).optional(),
  /** The State's geo API, asked for commune centres when no file or cache has them; `off` disables it. */
  RELAIS_GEO_API_URL: z.union([z.url(), z.literal('off')]).default('https://geo.api.gouv.fr'),
  /** Amazon Location resources (AWS mode); locally they are absent and estimates are used. */
  RELAIS_PLACE_INDEX: z.string().min(1).optional(),
  RELAIS_ROUTE_CALCULATOR: z.string().min(1).optional(),
  /** Coverage promise: minutes by road to the nearest unconditional reception point. */
  RELAIS_COVERAGE_THRESHOLD_MINUTES: z.coerce.number().int().min(5).max(120).default(30),
  AWS_REGION: z.string().default('eu-west-3'),
});
export type Settings = z.infer<typeof SettingsSchema>;

let cached: Settings | undefined;

export function settings(): Settings {
  if (!cached) {
    const parsed = SettingsSchema.safeParse(process.env);
    if (!parsed.success) {
      const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Configuration invalide : ${names}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Forget parsed settings (tests and the local stack change the environment). */
export function resetSettings(): void {
  cached = undefined;
}

/** Physical name of a service's table, from the environment set by infra/ or infra/local/. */
export function tableName(service: string, table: string): string {
  const env = tableEnvName(service, table);
  const value = process.env[env];
  if (!value) throw new Error(`Configuration invalide : ${env} manquant (table ${service}.${table})`);
  return value;
}
