import { brotliDecompressSync } from 'node:zlib';
import { settings } from '../config/settings';
import { PACKED_PLANS } from './phone-plans.packed';

/**
 * The numbering plans, read by our own parser (docs/adr/0060-phone-plans-without-the-library.md):
 * the steps of libphonenumber-js's `parsePhoneNumberFromString(text, { defaultCountry, extract:
 * false })` then `isValid()`, driven by `phone-plans.json` (`npm run phone-plans` derives it from
 * the library's complete metadata), which the functions carry compressed (`phone-plans.packed.ts`)
 * and inflate at the first number they read.
 *
 * - A number of a French plan (France, the overseas départements and collectivités) is checked
 *   against every type's pattern, as the library's complete metadata does: « 00 00 00 00 00 », a
 *   number too short for its plan or with a prefix its plan does not allocate is refused.
 * - A foreign number is checked against its plan's general pattern and possible lengths (not its
 *   types' patterns): the right calling code, a possible length and the plan's general shape.
 *
 * Numbers typed without a country code are read in the département's region: France, or the
 * overseas département's own plan (0262… is a Réunion number, not a metropolitan one).
 * Side-effect free: `phone.check.ts` (shared) and intake's `domain/phone.check.ts` install it.
 */

/** [pattern, lengths, national prefix for parsing, its transform, leading digits, types' [pattern, lengths?]]; `0`: absent. */
type Plan = [string, number[], (string | 0)?, (string | 0)?, (string | 0)?, Array<[string, number[]?]>?];

interface Plans {
  regions: Record<PhoneRegion, [string, number, string]>;
  codes: Record<string, Plan[]>;
}

let inflated: Plans | undefined;
/** The plans, inflated once per process at the first number read (under a millisecond). */
export function plans(): Plans {
  inflated ??= JSON.parse(brotliDecompressSync(Buffer.from(PACKED_PLANS, 'base64')).toString('utf8')) as Plans;
  return inflated;
}

/** The regions a number without a country code can be read in: the French plans. */
export type PhoneRegion = 'FR' | 'GP' | 'MQ' | 'GF' | 'RE' | 'YT' | 'PM' | 'BL' | 'MF' | 'WF' | 'PF' | 'NC';

const OVERSEAS_REGIONS: Readonly<Record<string, PhoneRegion>> = { '971': 'GP', '972': 'MQ', '973': 'GF', '974': 'RE', '976': 'YT' };

export function regionOf(departement: string): PhoneRegion {
  return OVERSEAS_REGIONS[departement] ?? 'FR';
}

/** Digits as the library reads them: ASCII, full-width, Arabic-Indic and Eastern Arabic-Indic. */
const DIGITS = '0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9';
/** Punctuation the library lets between digits: dashes, slashes, dots, spaces, brackets, tildes. */
const PUNCTUATION =
  '-\u2010-\u2015\u2212\u30FC\uFF0D\uFF0F/\uFF0E. \u00A0\u00AD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D\\[\\]~\u2053\u223C\uFF5E';
/** What looks like a phone number (the library's, less its extensions: « poste 12 », « ext. 12 » are refused). */
const VIABLE = new RegExp(`^[${DIGITS}]{2}$|^[+\uFF0B]?(?:[${PUNCTUATION}]*[${DIGITS}]){3,}[${PUNCTUATION}${DIGITS}]*$`);

const cache = new Map<string, RegExp>();
function regex(source: string, anchored: boolean): RegExp {
  const key = `${anchored ? '$' : '^'}${source}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = new RegExp(anchored ? `^(?:${source})$` : `^(?:${source})`);
    cache.set(key, compiled);
  }
  return compiled;
}

const matches = (digits: string, pattern: string) => regex(pattern, true).test(digits);

/** Digits (any script, as ASCII) and a leading +, nothing else. */
function compact(text: string): string {
  let out = '';
  for (const character of text) {
    if (character === '+') {
      if (!out) out = '+';
      continue;
    }
    const code = character.charCodeAt(0);
    for (const zero of [0x30, 0xff10, 0x660, 0x6f0]) {
      if (code >= zero && code <= zero + 9) out += String(code - zero);
    }
  }
  return out;
}

/** How a national number's length fits a plan: the library's `checkNumberLength`. */
function lengthFits(digits: string, lengths: number[]): 'short' | 'long' | 'invalid' | 'possible' {
  const length = digits.length;
  if (length === lengths[0]) return 'possible';
  if (length < lengths[0]!) return 'short';
  if (length > lengths[lengths.length - 1]!) return 'long';
  return lengths.includes(length) ? 'possible' : 'invalid';
}

/**
 * Whether a plan allocates the national number: one of its types' pattern (of the type's lengths)
 * for a French plan; for another, its general pattern and a possible length.
 */
function allocates(plan: Plan, digits: string): boolean {
  if (!matches(digits, plan[0])) return false;
  const types = plan[5];
  if (!types) return plan[1].includes(digits.length);
  return types.some(([pattern, lengths]) => (lengths ?? plan[1]).includes(digits.length) && matches(digits, pattern));
}

/** The plan a national number belongs to among those sharing its calling code (the library's `getCountryByCallingCode`). */
function exactPlan(code: string, digits: string): Plan | undefined {
  const candidates = plans().codes[code]!;
  if (candidates.length === 1) return candidates[0];
  return candidates.find((plan) => (plan[4] ? regex(plan[4], false).test(digits) : allocates(plan, digits)));
}

/** The national number without its national prefix, when the plan says to strip it (the library's `extractNationalNumber`). */
function withoutNationalPrefix(digits: string, plan: Plan, code: string): string {
  const [pattern, , prefix, transform] = plan;
  if (!prefix) return digits;
  const match = regex(prefix, false).exec(digits);
  if (!match) return digits;
  const groups = match.length - 1;
  const national =
    transform && groups > 0 && match[groups] ? digits.replace(regex(prefix, false), transform) : digits.slice(match[0].length);
  if (national === digits) return digits;
  if (matches(digits, pattern) && !matches(national, pattern)) return digits;
  const fits = lengthFits(national, (exactPlan(code, national) ?? plan)[1]);
  return fits === 'short' || fits === 'invalid' ? digits : national;
}

/**
 * The calling code and the rest of the digits (the library's `extractCountryCallingCode`): after a
 * +, after the region's international prefix (00), or a region's calling code typed without its +
 * when the rest is the region's number and the whole is not.
 */
function callingCode(number: string, region: PhoneRegion): { code?: string; rest: string } | undefined {
  if (number[0] !== '+') {
    const [regionCode, index, idd] = plans().regions[region];
    const international = regex(idd, false).exec(number);
    if (!international || number[international[0].length] === '0') {
      const plan = plans().codes[regionCode]![index]!;
      if (number.startsWith(regionCode)) {
        const shorter = number.slice(regionCode.length);
        const shorterNational = withoutNationalPrefix(shorter, plan, regionCode);
        const national = withoutNationalPrefix(number, plan, regionCode);
        if ((!matches(national, plan[0]) && matches(shorterNational, plan[0])) || lengthFits(national, plan[1]) === 'long') {
          return { code: regionCode, rest: shorter };
        }
      }
      return { rest: number };
    }
    number = `+${number.slice(international[0].length)}`;
  }
  if (number[1] === '0') return undefined;
  for (let end = 2; end <= 4 && end <= number.length; end++) {
    const code = number.slice(1, end);
    if (plans().codes[code]) return { code, rest: number.slice(end) };
  }
  return undefined;
}

/**
 * The E.164 form of `raw` if it is a valid number, else undefined. Typed without a country code, it
 * is read in `region` (by default the département's: `regionOf`).
 */
export function toE164(raw: string, region: PhoneRegion = regionOf(settings().RELAIS_DEPARTEMENT)): string | undefined {
  if (raw.length > 250) return undefined;
  if (!VIABLE.test(raw)) return undefined;
  const extracted = callingCode(compact(raw), region);
  if (!extracted) return undefined;
  const [regionCode, index] = plans().regions[region];
  const code = extracted.code ?? regionCode;
  // The plan the national prefix is read with: the region's, or the calling code's main country's.
  const selected = extracted.code ? plans().codes[code]![0]! : plans().codes[code]![index]!;
  if (!extracted.rest) return undefined;
  const national = withoutNationalPrefix(extracted.rest, selected, code);
  if (national.length < 2 || national.length > 17) return undefined;
  const plan = exactPlan(code, national) ?? selected;
  return allocates(plan, national) ? `+${code}${national}` : undefined;
}
