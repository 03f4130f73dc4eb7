/**
 * `npm run phone-plans`: writes shared/validation/phone-plans.json, the numbering plans the server
 * checks phone numbers with (docs/adr/0054-lighter-libraries.md).
 *
 * They are libphonenumber-js's own complete metadata (`libphonenumber-js/metadata.max.json`: every
 * country, every number type's pattern) less the one part only formatting reads: each plan's
 * `formats` (how to group the digits for display, also read by AsYouType and findNumbers). The
 * server parses and validates numbers and keeps them in E.164; it never asks the library to format
 * one (`formatPhone` in shared/validation/phone.ts shows them). The file is passed to the
 * functions of `libphonenumber-js/core`, the library's documented way to use custom metadata.
 *
 * Run it after upgrading libphonenumber-js: shared/validation/phone-plans.unit.test.ts fails while
 * the committed file differs from what this script derives from the installed metadata.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetadataJson } from 'libphonenumber-js/core';

export const PHONE_PLANS_FILE = join(__dirname, '..', 'shared', 'validation', 'phone-plans.json');

/** The position of `formats` in a minified plan (metadata version 4, libphonenumber-js `source/metadata.js`). */
const FORMATS = 4;
/** How the minified metadata marks an absent field. */
const ABSENT = 0;

type Plan = unknown[];
type Metadata = {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, Plan>;
  nonGeographic?: Record<string, Plan>;
};

function withoutFormats(plan: Plan): Plan {
  const copy = [...plan];
  copy[FORMATS] = ABSENT;
  return copy;
}

const mapPlans = (plans: Record<string, Plan>) =>
  Object.fromEntries(Object.entries(plans).map(([key, plan]) => [key, withoutFormats(plan)]));

/** The validation plans derived from the library's complete metadata. */
export function validationPlans(max: MetadataJson): MetadataJson {
  const source = max as unknown as Metadata;
  if (source.version !== 4) throw new Error(`libphonenumber-js metadata version ${source.version}: this script knows version 4`);
  const plans: Metadata = {
    version: source.version,
    country_calling_codes: source.country_calling_codes,
    countries: mapPlans(source.countries),
    ...(source.nonGeographic ? { nonGeographic: mapPlans(source.nonGeographic) } : {}),
  };
  return plans as unknown as MetadataJson;
}

/** The complete metadata of the installed libphonenumber-js. */
export function installedMaxMetadata(): MetadataJson {
  return require('libphonenumber-js/metadata.max.json') as MetadataJson;
}

if (require.main === module) {
  const plans = validationPlans(installedMaxMetadata());
  writeFileSync(PHONE_PLANS_FILE, `${JSON.stringify(plans)}\n`);
  console.log(`wrote ${PHONE_PLANS_FILE}`);
}
