import * as z from 'zod';
// Two locales, not `z.locales` (that namespace drags all of zod's locales into every bundle).
import { en, fr } from 'zod/v4/locales';
import { frenchMessage } from '../errors/field-messages';

/**
 * One setting: an environment variable read by the functions (on AWS) or the local stack, with
 * its rule, its default and what it means. Declared once, beside the code that reads it — the
 * kernel's in shared/config/settings.ts, each service's in `<service>.settings.ts`, listed by
 * its manifest (`settings`) — and used three ways: parsed by that code, checked all at once at
 * start-up (`npm start`) and at cold start (AWS), and written into the README
 * (`npm run docs`).
 *
 * Declarations import nothing but zod (and the kernel's French field messages, zod only too): the manifests, CDK synth and the cold-start check load
 * them without loading any handler.
 */
export interface SettingDecl {
  /** The rule, applied to the raw environment value (`undefined` when unset). */
  schema: z.ZodType;
  /** The default, as one would write it in the environment (the schema must give the same value); none: optional. */
  default?: string;
  /** When there is no literal default: what happens when unset, in English (README). */
  defaultNote?: string;
  /** What it is for. French first: it is what the start-up error quotes. */
  meaning: { fr: string; en: string };
  /** The CDK context key that sets it for a stage (infra/config.ts), if any. */
  stageKey?: string;
  /** `local`: only the local stack reads it; `aws`: set by the stacks (infra/), never by hand. Default: both. */
  where?: 'local' | 'aws';
}

export type SettingsDecls = Readonly<Record<string, SettingDecl>>;

/** Typed identity: `defineSettings({ RELAIS_X: { schema, default, meaning } })`. */
export function defineSettings<const S extends SettingsDecls>(decls: S): S {
  for (const [name, decl] of Object.entries(decls)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`Réglage ${name} : nom de variable invalide`);
    if (decl.default !== undefined && decl.defaultNote !== undefined)
      throw new Error(`Réglage ${name} : default ou defaultNote, pas les deux`);
  }
  return decls;
}

type SchemaShape<S extends SettingsDecls> = { [K in keyof S]: S[K]['schema'] };

/** The zod object of a set of declarations (unknown variables are ignored). */
export function settingsSchema<S extends SettingsDecls>(decls: S): z.ZodObject<SchemaShape<S>> {
  const shape = Object.fromEntries(Object.entries(decls).map(([name, decl]) => [name, decl.schema]));
  return z.object(shape) as unknown as z.ZodObject<SchemaShape<S>>;
}

/** One refused value: the variable and its rule, in French and in English. Never the value (it may be a secret). */
export interface SettingIssue {
  name: string;
  fr: string;
  en: string;
  meaning?: { fr: string; en: string };
}

/** An invalid configuration: its message names every refused variable and its rule, French first. */
export class SettingsError extends Error {
  constructor(readonly issues: readonly SettingIssue[]) {
    super(formatIssues(issues));
    this.name = 'SettingsError';
  }
}

function formatIssues(issues: readonly SettingIssue[]): string {
  const fr = issues.map((i) => `  - ${i.name} : ${i.fr}${i.meaning ? ` — ${i.meaning.fr}` : ''}`);
  const en = issues.map((i) => `  - ${i.name}: ${i.en}`);
  return [
    'Configuration invalide : corrigez ces variables d’environnement (README, « Settings »).',
    ...fr,
    'Invalid configuration: fix these environment variables (README, “Settings”).',
    ...en,
  ].join('\n');
}

const french = fr().localeError;
const english = en().localeError;

/** The issues of `env` against the declarations, or none. */
export function settingsIssues(decls: SettingsDecls, env: Record<string, string | undefined>): SettingIssue[] {
  const issues = new Map<string, SettingIssue>();
  for (const [name, decl] of Object.entries(decls)) {
    const value = env[name];
    const fr = decl.schema.safeParse(value, { error: french });
    if (fr.success) continue;
    const en = decl.schema.safeParse(value, { error: english });
    issues.set(name, {
      name,
      // The project's plain wording (« Au moins 16 caractères »), as for a form's fields.
      fr: fr.error.issues.map(frenchMessage).join(' ; '),
      en: en.success ? fr.error.issues.map((i) => i.message).join('; ') : en.error.issues.map((i) => i.message).join('; '),
      meaning: decl.meaning,
    });
  }
  return [...issues.values()];
}

/** Parse `env` against the declarations; throws a SettingsError naming every refused variable. */
export function parseSettings<S extends SettingsDecls>(
  decls: S,
  env: Record<string, string | undefined>,
): z.output<z.ZodObject<SchemaShape<S>>> {
  const parsed = settingsSchema(decls).safeParse(env);
  if (!parsed.success) throw new SettingsError(settingsIssues(decls, env));
  return parsed.data;
}

/** Check several sets at once (the kernel's and the services'): one error listing every refused variable. */
export function checkSettings(sets: readonly SettingsDecls[], env: Record<string, string | undefined>): void {
  const issues = sets.flatMap((decls) => settingsIssues(decls, env));
  const seen = new Set<string>();
  const unique = issues.filter((i) => !seen.has(i.name) && seen.add(i.name));
  if (unique.length > 0) throw new SettingsError(unique);
}
