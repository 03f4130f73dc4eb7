import { type CountryCode, type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { settings } from '../config/settings';
import plans from './phone-plans.json';

/**
 * The numbering plans, with libphonenumber-js: every country's plan and every number type's
 * pattern (the library's complete "max" metadata), so that « 00 00 00 00 00 », a number too short
 * for its plan or with a prefix its plan does not allocate is refused, in France as abroad.
 * `phone-plans.json` is that metadata less the formatting rules, which the server never uses
 * (`npm run phone-plans` derives it; docs/adr/0054-lighter-libraries.md). Numbers typed
 * without a country code are read in the département's region: France, or the overseas
 * département's own plan (0262… is a Réunion number, not a metropolitan one).
 *
 * Side-effect free: `phone.check.ts` (shared) and intake's `domain/phone.check.ts` install it.
 */
const PLANS = plans as unknown as MetadataJson;

const OVERSEAS_REGIONS: Readonly<Record<string, CountryCode>> = { '971': 'GP', '972': 'MQ', '973': 'GF', '974': 'RE', '976': 'YT' };

export function regionOf(departement: string): CountryCode {
  return OVERSEAS_REGIONS[departement] ?? 'FR';
}

export function toE164(raw: string, region: CountryCode = regionOf(settings().RELAIS_DEPARTEMENT)): string | undefined {
  const parsed = parsePhoneNumberFromString(raw, { defaultCountry: region, extract: false }, PLANS);
  return parsed?.isValid() ? parsed.number : undefined;
}
