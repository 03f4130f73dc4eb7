import * as z from 'zod';
import { E164PhoneSchema } from './common.schema';

/**
 * Phone numbers, one rule for every form (a person, a site, an organisation, a service):
 * typed in national (« 05 65 12 34 56 ») or international (« +33 5 65 12 34 56 ») form,
 * stored in E.164 (« +33565123456 »), shown grouped in pairs (« 05 65 12 34 56 ») and dialled
 * through `tel:+33565123456`.
 *
 * This module is plan-free: the numbering plans (`phone-plans.ts`, ADR 0060) are installed by
 * `phone.check.ts`, imported only by the handlers that write numbers, so that the other bundles
 * stay small (ADR 0025). Without it only numbers already in E.164 pass; the browser installs
 * a lenient check and leaves the plan to the server.
 */
export type PhoneNormaliser = (raw: string) => string | undefined;

let normaliser: PhoneNormaliser | undefined;

export function installPhoneNormaliser(fn: PhoneNormaliser): void {
  normaliser = fn;
}

export function phoneNormaliserInstalled(): boolean {
  return normaliser !== undefined;
}

/** Separators people type between digits: spaces (also non-breaking), dots, dashes, parentheses. */
const SEPARATORS = /[\s\u00a0\u202f.()-]/g;

/**
 * The E.164 form of `raw`, or undefined if it is not a phone number. Without the numbering
 * plans (the browser), a number in E.164 or in the national form (0 and nine digits) is let
 * through as typed, compacted: the server, which has the plans, answers the E.164 form.
 */
export function normalisePhone(raw: string): string | undefined {
  if (normaliser) return normaliser(raw);
  const compact = raw.replace(SEPARATORS, '');
  return E164PhoneSchema.safeParse(compact).success || /^0[1-9]\d{8}$/.test(compact) ? compact : undefined;
}

export const PHONE_MESSAGE = 'Numéro de téléphone invalide (ex. 05 65 12 34 56 ou +33 5 65 12 34 56)';

/** A phone number as typed, answered in E.164 (the message never quotes what was typed). */
export const PhoneInputSchema = z
  .string()
  .trim()
  .min(1, PHONE_MESSAGE)
  .max(40, PHONE_MESSAGE)
  .transform((value, ctx) => {
    const e164 = normalisePhone(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
      return z.NEVER;
    }
    return e164;
  });

/** French country codes whose national form is « 0 » + the nine digits (métropole and DROM). */
const NATIONAL_PREFIXES = ['+33', '+262', '+590', '+594', '+596'];

/**
 * How a stored number is shown: a French number in its national form, in pairs
 * (« 05 65 12 34 56 »); a foreign one in its international form.
 */
export function formatPhone(e164: string): string {
  const compact = e164.replace(SEPARATORS, '');
  if (compact.startsWith('+33') && compact.length === 12) return pairs(`0${compact.slice(3)}`);
  // The DROM: the national number is 0 + the nine digits after the country code (0262 21 12 34).
  for (const prefix of NATIONAL_PREFIXES.slice(1)) {
    if (compact.startsWith(prefix) && compact.length === prefix.length + 9) {
      const national = `0${compact.slice(prefix.length)}`;
      return `${national.slice(0, 4)} ${pairs(national.slice(4))}`;
    }
  }
  // A foreign number: its international form (where its groups fall depends on its plan).
  return compact;
}

const pairs = (digits: string) => digits.replace(/(\d{2})(?=\d)/g, '$1 ');

/** The `tel:` link that dials the stored number from a phone (E.164 only, no separators). */
export function telHref(e164: string): string {
  return `tel:${e164.replace(SEPARATORS, '')}`;
}
