import * as z from 'zod';
import { tableEnvName } from '../manifest/manifest';
import { defineSettings, parseSettings, settingsSchema } from './declare';

/**
 * The kernel's settings, read by every function or by the local stack (services declare their
 * own in `<service>.settings.ts`, listed by their manifest). Parsed by zod; `npm start` and each
 * function's cold start check them all at once (shared/config/startup.ts), so a malformed value
 * stops Relais with a message naming it rather than failing a request later.
 */
export const KERNEL_SETTINGS = defineSettings({
  PORT: {
    schema: z.coerce.number().int().min(0).max(65535).default(3000),
    default: '3000',
    meaning: { fr: 'port HTTP de la pile locale', en: 'HTTP port of the local stack' },
    where: 'local',
  },
  RELAIS_DATA_DIR: {
    schema: z.string().min(1).default('.relais'),
    default: '.relais',
    meaning: {
      fr: 'dossier des fichiers de DynamoDB Local et de la clé de signature locale',
      en: 'where DynamoDB Local’s files and the local signing key live (git-ignored)',
    },
    where: 'local',
  },
  RELAIS_DYNAMODB_PORT: {
    schema: z.coerce.number().int().min(1).max(65535).optional(),
    defaultNote: 'a free port',
    meaning: { fr: 'port fixe de DynamoDB Local', en: 'fixed port for DynamoDB Local' },
    where: 'local',
  },
  RELAIS_DEPARTEMENT: {
    schema: z
      .string()
      .regex(/^(\d{2}|2[AB]|97\d)$/, { message: 'un code de département : 46, 2A, 974…' })
      .default('46'),
    default: '46',
    meaning: { fr: 'le département servi', en: 'the département served' },
    stageKey: 'relais:departement',
  },
  RELAIS_COMMUNES_FILE: {
    schema: z.string().min(1).optional(),
    meaning: {
      fr: 'centres des communes, CSV code,nom,departement,lon,lat',
      en: 'commune reference with coordinates (CSV `code,nom,departement,lon,lat`)',
    },
    stageKey: 'relais:communesFile',
  },
  RELAIS_COMMUNES_GEOJSON: {
    schema: z.string().min(1).optional(),
    meaning: {
      fr: 'contours des communes (GeoJSON, propriété code) pour la carte de couverture',
      en: 'commune outlines (GeoJSON FeatureCollection, property `code`) for the coverage map',
    },
    stageKey: 'relais:communesGeojson',
  },
  RELAIS_GEO_API_URL: {
    schema: z.union([z.url(), z.literal('off')]).default('https://geo.api.gouv.fr'),
    default: 'https://geo.api.gouv.fr',
    meaning: {
      fr: 'l’API géo de l’État, interrogée pour les centres de communes inconnus ; off la désactive',
      en: 'the State’s geo API, asked for commune centres no file or cache has; `off` disables it',
    },
  },
  RELAIS_COVERAGE_THRESHOLD_MINUTES: {
    schema: z.coerce.number().int().min(5).max(120).default(30),
    default: '30',
    meaning: {
      fr: 'promesse de couverture : minutes de route jusqu’au lieu d’accueil inconditionnel le plus proche',
      en: 'coverage promise: minutes by road to the nearest unconditional reception point',
    },
    stageKey: 'relais:coverageThresholdMinutes',
  },
  RELAIS_APP_URL: {
    schema: z.url().optional(),
    defaultNote: 'locally the address the stack listens on (`http://localhost:$PORT`); on AWS the SPA’s origin',
    meaning: { fr: 'adresse de l’application, pour les liens des notifications', en: 'address of the SPA, for the links in notifications' },
  },
  RELAIS_PUBLIC_MAP_EMBED_ORIGINS: {
    schema: z.string().optional(),
    defaultNote: "none (`'self'` only)",
    meaning: {
      fr: 'origines https autorisées à intégrer la carte publique (/carte), séparées par des virgules',
      en: 'https origins allowed to embed the public map `/carte` in an iframe, comma-separated; on AWS the stage key `relais:publicMapEmbedOrigins` sets the CloudFront header instead',
    },
    where: 'local',
  },
  RELAIS_LINK_SECRET: {
    schema: z.string().min(16).optional(),
    defaultNote: 'made under `RELAIS_DATA_DIR`',
    meaning: {
      fr: 'secret des liens signés ; sur AWS, un secret de Secrets Manager',
      en: 'signs the partners’ referral links; on AWS a Secrets Manager secret (shared/auth/secrets.ts)',
    },
    where: 'local',
  },
  RELAIS_PHONE_HASH_SECRET: {
    schema: z.string().min(16).optional(),
    defaultNote: 'made under `RELAIS_DATA_DIR`',
    meaning: {
      fr: 'clé des empreintes de numéros de téléphone ; sur AWS, Secrets Manager',
      en: 'keys the phone-number hashes; on AWS a Secrets Manager secret',
    },
    where: 'local',
  },
  RELAIS_INDICATORS_KEY: {
    schema: z.string().min(16).optional(),
    defaultNote: 'made under `RELAIS_DATA_DIR`',
    meaning: {
      fr: 'clé des empreintes de personnes des indicateurs ; sur AWS, Secrets Manager',
      en: 'keys the person hashes of the indicators; on AWS a Secrets Manager secret',
    },
    where: 'local',
  },
  POWERTOOLS_LOG_LEVEL: {
    schema: z
      .string()
      .transform((v) => v.toUpperCase())
      .pipe(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']))
      .optional(),
    defaultNote: '`INFO`',
    meaning: { fr: 'niveau des journaux (lignes JSON, jamais de données personnelles)', en: 'log level (JSON lines; never personal data)' },
  },
  RELAIS_MODE: {
    schema: z.enum(['local', 'aws']).default('local'),
    default: 'local',
    meaning: { fr: 'local ou aws, posé par la pile', en: '`local` or `aws`' },
    where: 'aws',
  },
  RELAIS_STAGE: {
    schema: z.string().min(1).default('local'),
    default: 'local',
    meaning: { fr: 'nom de l’environnement, posé par la pile', en: 'name of the stage' },
    where: 'aws',
  },
  RELAIS_EVENT_BUS_NAME: {
    schema: z.string().min(1).default('relais-local'),
    default: 'relais-local',
    meaning: { fr: 'bus EventBridge, posé par la pile', en: 'the EventBridge bus' },
    where: 'aws',
  },
  RELAIS_DYNAMODB_ENDPOINT: {
    schema: z.url().optional(),
    defaultNote: 'DynamoDB Local’s',
    meaning: { fr: 'adresse de DynamoDB Local, posée par la pile locale', en: 'DynamoDB Local’s address, set by the local stack itself' },
    where: 'local',
  },
  RELAIS_DYNAMODB_LOCAL_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9]{1,64}$/, 'lettres et chiffres seulement (64 au plus)')
      .optional(),
    defaultNote: '`relaislocal`',
    meaning: {
      fr: 'clé d’accès envoyée à DynamoDB Local ; lancé sans -sharedDb, il tient une base par clé (les tests en donnent une à chaque fichier)',
      en: 'access key sent to DynamoDB Local; started without -sharedDb it keeps one database per key (the tests give each file its own)',
    },
    where: 'local',
  },
  RELAIS_PLACE_INDEX: {
    schema: z.string().min(1).optional(),
    meaning: { fr: 'index de lieux Amazon Location, posé par la pile', en: 'Amazon Location place index' },
    where: 'aws',
  },
  RELAIS_ROUTE_CALCULATOR: {
    schema: z.string().min(1).optional(),
    meaning: { fr: 'calculateur d’itinéraires Amazon Location, posé par la pile', en: 'Amazon Location route calculator' },
    where: 'aws',
  },
  AWS_REGION: {
    schema: z.string().min(1).default('eu-west-3'),
    default: 'eu-west-3',
    meaning: { fr: 'région AWS (posée par Lambda)', en: 'AWS region (Lambda sets it)' },
    where: 'aws',
  },
});

const SettingsSchema = settingsSchema(KERNEL_SETTINGS);
export type Settings = z.infer<typeof SettingsSchema>;

let cached: Settings | undefined;

export function settings(): Settings {
  cached ??= parseSettings(KERNEL_SETTINGS, process.env);
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
