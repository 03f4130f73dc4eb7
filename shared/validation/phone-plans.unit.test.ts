import { readFileSync } from 'node:fs';
import { type CountryCode, type MetadataJson, parsePhoneNumberFromString as parseWith } from 'libphonenumber-js/core';
import { parsePhoneNumberFromString as parseMax } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { PHONE_PLANS_FILE, installedMaxMetadata, validationPlans } from '../../scripts/phone-plans';

const committed = JSON.parse(readFileSync(PHONE_PLANS_FILE, 'utf8')) as MetadataJson;
const max = installedMaxMetadata() as unknown as { countries: Record<string, unknown[]>; nonGeographic: Record<string, unknown[]> };

/** A small deterministic generator (mulberry32): the same numbers on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digits = (next: () => number, n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');

/**
 * Numbers to read in each plan: random national numbers of the plan's possible lengths (most
 * invalid, whatever their prefix), the library's example mobile number with its last digits
 * changed (most valid), each typed in international form and in the plan's national form.
 */
function samples(): Array<{ text: string; region?: CountryCode }> {
  const next = random(19);
  const out: Array<{ text: string; region?: CountryCode }> = [];
  const plans: Array<[string, unknown[], CountryCode | undefined]> = [
    ...Object.entries(max.countries).map(([country, plan]) => [country, plan, country as CountryCode] as [string, unknown[], CountryCode]),
    ...Object.entries(max.nonGeographic).map(([code, plan]) => [code, plan, undefined] as [string, unknown[], undefined]),
  ];
  for (const [key, plan, region] of plans) {
    const callingCode = plan[0] as string;
    const lengths = (plan[3] as number[] | 0) || [9];
    const nationalPrefix = (plan[5] as string | 0) || '';
    const example = region ? (examples as Record<string, string>)[region] : undefined;
    for (let i = 0; i < 60; i++) {
      const length = lengths[Math.floor(next() * lengths.length)]! + (i % 10 === 0 ? 1 : 0);
      const national =
        example && i % 2 === 0
          ? example.slice(0, Math.max(1, example.length - 3)) + digits(next, Math.min(3, example.length - 1))
          : digits(next, length);
      out.push({ text: `+${callingCode} ${national}` });
      if (region) out.push({ text: `${nationalPrefix}${national}`, region });
    }
    if (!region) expect(key).toBe(callingCode);
  }
  return out;
}

describe('phone plans: the library’s complete metadata without its formatting rules', () => {
  it('is what scripts/phone-plans.ts derives from the installed libphonenumber-js (run `npm run phone-plans` after an upgrade)', () => {
    expect(committed).toEqual(validationPlans(installedMaxMetadata()));
  });

  it('keeps every country and every number type’s pattern of the complete metadata', () => {
    const plans = committed as unknown as { countries: Record<string, unknown[]>; nonGeographic: Record<string, unknown[]> };
    expect(Object.keys(plans.countries)).toEqual(Object.keys(max.countries));
    for (const [country, plan] of Object.entries(max.countries)) {
      expect([country, plans.countries[country]![11]]).toEqual([country, plan[11]]);
      expect([country, plans.countries[country]![4]]).toEqual([country, 0]);
    }
    expect(Object.keys(plans.nonGeographic)).toEqual(Object.keys(max.nonGeographic));
  });

  it('reads and validates numbers of every plan exactly as the complete metadata does', () => {
    const read = (parsed: ReturnType<typeof parseMax>) =>
      parsed ? [parsed.number, parsed.country, parsed.isValid(), parsed.isPossible(), parsed.getType()] : undefined;
    const all = samples();
    let valid = 0;
    const differences: string[] = [];
    for (const { text, region } of all) {
      const options = { defaultCountry: region, extract: false };
      const expected = read(parseMax(text, options));
      const actual = read(parseWith(text, options, committed));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) differences.push(`${region ?? '+'} ${text}`);
      if (expected?.[2]) valid += 1;
    }
    expect(differences).toEqual([]);
    // The sample is not only invalid numbers: a good part is valid in its plan.
    expect(all.length).toBeGreaterThan(20_000);
    expect(valid).toBeGreaterThan(all.length / 5);
  });
});
