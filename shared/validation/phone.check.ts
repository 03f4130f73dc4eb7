import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { settings } from '../config/settings';
import { installPhoneNormaliser } from './phone';

/**
 * libphonenumber-js with its complete metadata ("max": numbering plans, not only lengths), so
 * that "00 00 00 00 00" or a number too short for its plan is refused. Numbers typed without a
 * country code are read in the département's region: France, or the overseas département's own
 * plan (0262… is a Réunion number, not a metropolitan one). Importing this module installs it
 * into `PhoneInputSchema` (`phone.ts`).
 */
const OVERSEAS_REGIONS: Readonly<Record<string, CountryCode>> = { '971': 'GP', '972': 'MQ', '973': 'GF', '974': 'RE', '976': 'YT' };

export function regionOf(departement: string): CountryCode {
  return OVERSEAS_REGIONS[departement] ?? 'FR';
}

export function toE164(raw: string, region: CountryCode = regionOf(settings().RELAIS_DEPARTEMENT)): string | undefined {
  const parsed = parsePhoneNumberFromString(raw, { defaultCountry: region, extract: false });
  return parsed?.isValid() ? parsed.number : undefined;
}

installPhoneNormaliser((raw) => toE164(raw));
