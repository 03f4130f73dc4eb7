/**
 * `npm run phone-plans`: writes shared/validation/phone-plans.json, the numbering plans the server
 * checks phone numbers with (docs/adr/0060-phone-plans-without-the-library.md).
 *
 * They are derived from libphonenumber-js's complete metadata (`libphonenumber-js/metadata.max.json`,
 * version 4) and read by our own parser (shared/validation/phone-plans.ts), not by the library:
 *
 * - the French plans (`FULL_PLANS`: metropolitan France, the overseas départements and
 *   collectivités) keep every number type's pattern and lengths, so that a number of a French plan
 *   is accepted or refused exactly as `libphonenumber-js/max` does;
 * - every other plan keeps only what reading a number and its general validity need: its calling
 *   code, its general national-number pattern, its possible lengths, its national prefix rule
 *   (read after the calling code as the library does) and, where several countries share a
 *   calling code, the leading digits that tell them apart. Its type patterns are left out: a
 *   foreign number of a possible length matching its plan's general pattern is accepted.
 *
 * Run it after upgrading libphonenumber-js: shared/validation/phone-plans.unit.test.ts fails while
 * the committed file differs from what this script derives from the installed metadata.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PHONE_PLANS_FILE = join(__dirname, '..', 'shared', 'validation', 'phone-plans.json');

/** The plans read in full, every type: France and the French overseas plans. */
export const FULL_PLANS = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'WF', 'PF', 'NC'] as const;

/** A country's plan in metadata version 4 (libphonenumber-js `source/metadata.js`); `0` marks an absent field. */
type SourcePlan = [
  callingCode: string,
  iddPrefix: string,
  nationalNumberPattern: string,
  possibleLengths: number[],
  formats: unknown,
  nationalPrefix: string | 0,
  nationalPrefixFormattingRule: unknown,
  nationalPrefixForParsing: string | 0,
  nationalPrefixTransformRule: string | 0,
  nationalPrefixIsOptionalWhenFormatting: unknown,
  leadingDigits: string | 0,
  types: Array<[pattern: string, possibleLengths?: number[]] | 0> | 0,
  ...rest: unknown[],
];

type SourceMetadata = {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, SourcePlan>;
  nonGeographic?: Record<string, SourcePlan>;
};

/**
 * One plan as the parser reads it: [pattern, lengths, prefix, transform, leading, types], trailing
 * absent fields left out, `0` for an absent field before a present one.
 * - `prefix`: the national prefix for parsing (a regular expression; the national prefix when the
 *   metadata gives no rule of its own), `transform` the replacement for it when it captures digits;
 * - `leading`: the leading digits of a plan sharing its calling code with others;
 * - `types`: only for the full plans, each type's [pattern] or [pattern, lengths].
 */
export type Plan = [
  pattern: string,
  lengths: number[],
  prefix?: string | 0,
  transform?: string | 0,
  leading?: string | 0,
  types?: Array<[string] | [string, number[]]>,
];

export type PhonePlans = {
  /** The regions a number without calling code is read in: [calling code, index of its plan, international call prefix]. */
  regions: Record<string, [callingCode: string, plan: number, iddPrefix: string]>;
  /** Each calling code's plans, the main country's first (the library's order). */
  codes: Record<string, Plan[]>;
};

function planOf(source: SourcePlan, full: boolean, shared: boolean): Plan {
  const [, , pattern, lengths, , nationalPrefix, , prefixForParsing, transform, , leading, types] = source;
  const plan: Plan = [
    pattern,
    lengths,
    prefixForParsing || nationalPrefix || 0,
    transform || 0,
    (shared && leading) || 0,
    full && types
      ? types
          .filter((type) => type !== 0 && type[0] !== '')
          .map((type) => (type as [string, number[]?]).filter((x) => x !== undefined) as [string])
      : [],
  ];
  // Trailing absent fields left out.
  while (
    plan.length > 2 &&
    (plan[plan.length - 1] === 0 || (Array.isArray(plan[plan.length - 1]) && (plan[plan.length - 1] as unknown[]).length === 0))
  )
    plan.pop();
  return plan;
}

/** The parser's plans derived from the library's complete metadata. */
export function phonePlans(max: unknown): PhonePlans {
  const source = max as SourceMetadata;
  if (source.version !== 4) throw new Error(`libphonenumber-js metadata version ${source.version}: this script knows version 4`);
  const full = new Set<string>(FULL_PLANS);
  const codes: Record<string, Plan[]> = {};
  for (const [code, countries] of Object.entries(source.country_calling_codes)) {
    codes[code] = countries.map((country) => planOf(source.countries[country]!, full.has(country), countries.length > 1));
  }
  for (const [code, plan] of Object.entries(source.nonGeographic ?? {})) codes[code] = [planOf(plan, false, false)];
  const regions: PhonePlans['regions'] = {};
  for (const country of FULL_PLANS) {
    const plan = source.countries[country]!;
    regions[country] = [plan[0], source.country_calling_codes[plan[0]]!.indexOf(country), plan[1]];
  }
  return { regions, codes };
}

/** The complete metadata of the installed libphonenumber-js. */
export function installedMaxMetadata(): unknown {
  return require('libphonenumber-js/metadata.max.json');
}

if (require.main === module) {
  writeFileSync(PHONE_PLANS_FILE, `${JSON.stringify(phonePlans(installedMaxMetadata()))}\n`);
  console.log(`wrote ${PHONE_PLANS_FILE}`);
}
