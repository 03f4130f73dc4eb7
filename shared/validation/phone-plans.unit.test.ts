import { readFileSync } from 'node:fs';
import { type CountryCode, parsePhoneNumberFromString as parseMax } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { FULL_PLANS, installedMaxMetadata, PHONE_PLANS_FILE, phonePlans } from '../../scripts/phone-plans';
import { type PhoneRegion, plans, toE164 } from './phone-plans';
import { PACKED_PLANS } from './phone-plans.packed';

/**
 * Our parser against `libphonenumber-js/max`, the library's complete metadata
 * (docs/adr/0060-phone-plans-without-the-library.md): the same answer (E.164 or refusal) for every
 * number of a French plan, the same E.164 for every foreign example number, and nothing foreign
 * that the library accepts refused.
 */
const committed = JSON.parse(readFileSync(PHONE_PLANS_FILE, 'utf8'));
const max = installedMaxMetadata() as {
  countries: Record<string, [string, string, string, number[], unknown, string | 0, ...unknown[]]>;
  nonGeographic: Record<string, [string, string, string, number[], ...unknown[]]>;
};
const mobileExamples = examples as Record<string, string>;

/** What the library with its complete metadata answers. */
function library(text: string, region: PhoneRegion): string | undefined {
  const parsed = parseMax(text, { defaultCountry: region as CountryCode, extract: false });
  return parsed?.isValid() ? parsed.number : undefined;
}

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
const pick = <T>(next: () => number, items: readonly T[]) => items[Math.floor(next() * items.length)]!;

/** The number as people type it: separators (spaces, dots, dashes) between some digits, or none. */
function typed(next: () => number, compact: string): string {
  const separator = pick(next, ['', ' ', '.', '-', ' ']);
  if (!separator) return compact;
  return compact.replace(/\d(?=\d)/g, (digit) => (next() < 0.4 ? digit + separator : digit));
}

/** Each way of writing a national number `n` of the plan with calling code `code`. */
function writings(next: () => number, code: string, n: string): string[] {
  return [n, `0${n}`, `+${code}${n}`, `+${code} ${n}`, `00${code}${n}`, `+${code} 0${n}`, `${code}${n}`, `0${code}${n}`].map((text) =>
    typed(next, text),
  );
}

/** The calling codes of the French plans. */
const FRENCH_CODES = new Set(FULL_PLANS.map((region) => max.countries[region]![0]));
const french = (e164: string) => [2, 3, 4].some((end) => FRENCH_CODES.has(e164.slice(1, end)));

/**
 * Our answer and the library's for each text: every difference, except a foreign number the
 * library refuses and we accept (its plan's general rules: ADR 0060) when `foreignLooser`.
 */
function compare(cases: Array<[string, PhoneRegion]>, foreignLooser = false): { differences: string[]; valid: number } {
  const differences: string[] = [];
  let valid = 0;
  for (const [text, region] of cases) {
    const expected = library(text, region);
    const actual = toE164(text, region);
    const allowed = foreignLooser && expected === undefined && actual !== undefined && !french(actual);
    if (actual !== expected && !allowed) differences.push(`${region} « ${text} »: ${actual} instead of ${expected}`);
    if (expected) valid += 1;
  }
  return { differences, valid };
}

describe('phone plans: our parser, the French plans in full, the others’ general rules', () => {
  it('are what scripts/phone-plans.ts derives from the installed libphonenumber-js (run `npm run phone-plans` after an upgrade)', () => {
    expect(committed).toEqual(phonePlans(installedMaxMetadata()));
  });

  it('are carried compressed by the functions: the packed module inflates to exactly the committed plans', () => {
    expect(plans()).toEqual(committed);
    // Compressed for real: what a function carries is well under the JSON's size.
    expect(PACKED_PLANS.length).toBeLessThan(JSON.stringify(committed).length / 2);
  });

  it('keeps every calling code of the complete metadata, and every type’s pattern of the French plans', () => {
    const codes = new Set([...Object.values(max.countries).map((plan) => plan[0]), ...Object.keys(max.nonGeographic)]);
    expect(Object.keys(committed.codes).sort()).toEqual([...codes].sort());
    for (const region of FULL_PLANS) {
      const [code, index] = committed.regions[region];
      expect([region, committed.codes[code][index][5]?.length]).toEqual([region, expect.any(Number)]);
    }
  });

  it.each(FULL_PLANS)(
    'answers every number of every prefix of the %s plan as the complete metadata does, whatever the region it is read in',
    (region) => {
      const next = random(region.charCodeAt(0) * 31 + region.charCodeAt(1));
      const [code, , , lengths] = max.countries[region]!;
      const cases: Array<[string, PhoneRegion]> = [];
      // Every four-digit prefix, completed to each possible length: each type's blocks, and the
      // prefixes the plan does not allocate.
      for (let prefix = 0; prefix < 10_000; prefix++) {
        const length = pick(next, lengths);
        const national = (String(prefix).padStart(4, '0') + digits(next, Math.max(0, length - 4))).slice(0, length);
        const writing = pick(next, writings(next, code, national));
        cases.push([writing, region], [writing, pick(next, FULL_PLANS)]);
      }
      // The library's example mobile number, its last digits changed, in every writing.
      const example = mobileExamples[region]!;
      for (let i = 0; i < 200; i++) {
        const national = example.slice(0, example.length - 3) + digits(next, 3);
        for (const writing of writings(next, code, national)) cases.push([writing, region]);
      }
      // Random digits of every length from 8 to 12, with and without a prefix.
      for (let i = 0; i < 3000; i++) {
        const prefix = pick(next, ['', '0', '+33', '+33 0', '0033', '33', `+${code}`, `00${code}`, code, '+']);
        cases.push([typed(next, prefix + digits(next, 8 + Math.floor(next() * 5))), region]);
      }
      // Random digits may make a foreign number: the same answer unless the library refuses it
      // and its plan's general rules accept it (the last test).
      const { differences, valid } = compare(cases, true);
      expect(differences).toEqual([]);
      // Not only refusals: a good part of what was typed is valid, of every type the plan has.
      expect(valid).toBeGreaterThan(cases.length / 20);
      // Each type's pattern (of its lengths) is matched by some number the library accepts.
      const accepted = cases
        .map(([text, read]) => parseMax(text, { defaultCountry: read as CountryCode, extract: false }))
        .filter((parsed) => parsed?.isValid() && parsed.countryCallingCode === code);
      const types = (max.countries[region]![11] as Array<[string, number[]?] | 0>).filter(
        (type): type is [string, number[]?] => type !== 0 && type[0] !== '',
      );
      const unmatched = types.filter(
        ([pattern, typeLengths]) =>
          !accepted.some(
            (parsed) =>
              (typeLengths ?? lengths).includes(parsed!.nationalNumber.length) &&
              new RegExp(`^(?:${pattern})$`).test(parsed!.nationalNumber),
          ),
      );
      expect(unmatched).toEqual([]);
    },
  );

  it('reads « 00 00 00 00 00 » and what is not a number as the complete metadata does', () => {
    const texts = [
      '00 00 00 00 00',
      '0',
      '00',
      '+',
      '+33',
      '0033',
      '12',
      '123',
      '+0 612345678',
      '06 12 34 56 78 ext. 12',
      'tel:+33612345678',
      'abc',
      ' 06 12 34 56 78 ',
      '(05) 65 12 34 56',
      '06/12/34/56/78',
    ];
    const { differences } = compare(texts.flatMap((text) => FULL_PLANS.map((region) => [text, region] as [string, PhoneRegion])));
    // Extensions are refused rather than dropped (ADR 0060): the library reads « ext. 12 » apart.
    expect(differences).toEqual(
      FULL_PLANS.map(
        (region) => `${region} « 06 12 34 56 78 ext. 12 »: undefined instead of ${library('06 12 34 56 78 ext. 12', region)}`,
      ).filter((line) => !line.endsWith('undefined')),
    );
  });

  it('accepts the example number of every other country and non-geographic code, written +CC, with the library’s E.164', () => {
    const differences: string[] = [];
    let checked = 0;
    for (const [country, national] of Object.entries(mobileExamples)) {
      if ((FULL_PLANS as readonly string[]).includes(country) || !max.countries[country]) continue;
      const text = `+${max.countries[country]![0]} ${national}`;
      const expected = library(text, 'FR');
      if (!expected || toE164(text, 'FR') !== expected) differences.push(`${country} ${text}: ${toE164(text, 'FR')} / ${expected}`);
      checked += 1;
    }
    expect(differences).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('refuses a foreign number too short or too long for its plan, as the library does', () => {
    const next = random(7);
    const cases: Array<[string, PhoneRegion]> = [];
    // Too short or too long for every plan of the calling code, and not starting with a national
    // prefix (after which the number could be of the right length).
    const byCode = new Map<string, Array<[number[], RegExp | undefined]>>();
    for (const [code, , , lengths, , nationalPrefix, , prefixForParsing] of [
      ...Object.values(max.countries),
      ...Object.values(max.nonGeographic),
    ] as Array<[string, string, string, number[], unknown, string | 0, unknown, string | 0]>) {
      const prefix = prefixForParsing || nationalPrefix;
      byCode.set(code, [...(byCode.get(code) ?? []), [lengths, prefix ? new RegExp(`^(?:${prefix})`) : undefined]]);
    }
    const unprefixed = (plans: Array<[number[], RegExp | undefined]>, length: number) => {
      // A prefix rule that can match nothing (« 0?(…)? ») strips a prefix only where it matches some.
      for (let attempt = 0; ; attempt++) {
        const national = digits(next, length);
        if (attempt > 100 || !plans.some(([, prefix]) => (prefix?.exec(national)?.[0].length ?? 0) > 0)) return national;
      }
    };
    for (const [code, plans] of byCode) {
      const shortest = Math.min(...plans.map(([lengths]) => lengths[0]!));
      const longest = Math.max(...plans.map(([lengths]) => lengths[lengths.length - 1]!));
      for (let i = 0; i < 20; i++) {
        cases.push([`+${code} ${unprefixed(plans, shortest - 1)}`, 'FR']);
        cases.push([`+${code} ${unprefixed(plans, longest + 1)}`, 'FR']);
      }
    }
    const { differences, valid } = compare(cases);
    expect(differences).toEqual([]);
    // The library turns a few short ones into valid numbers (a national prefix rule adds an area code).
    expect(valid).toBeLessThan(cases.length / 50);
  });

  it('never refuses a foreign number the library accepts, and accepts of the others only those of a possible length matching the general pattern', () => {
    const next = random(19);
    const differences: string[] = [];
    let looser = 0;
    let total = 0;
    for (const [country, plan] of Object.entries(max.countries)) {
      if ((FULL_PLANS as readonly string[]).includes(country)) continue;
      const [code, , pattern, lengths] = plan;
      const general = new RegExp(`^(?:${pattern})$`);
      const example = mobileExamples[country];
      for (let i = 0; i < 60; i++) {
        const length = pick(next, lengths) + (i % 10 === 0 ? 1 : 0);
        const national =
          example && i % 2 === 0
            ? example.slice(0, Math.max(1, example.length - 3)) + digits(next, Math.min(3, example.length - 1))
            : digits(next, length);
        const text = `+${code} ${national}`;
        const expected = library(text, 'FR');
        const actual = toE164(text, 'FR');
        total += 1;
        if (expected && actual !== expected) differences.push(`${country} ${text}: ${actual} instead of ${expected}`);
        if (!expected && actual) {
          looser += 1;
          // What the library refuses and we accept: a national number of its plan's general pattern.
          const nationalOf = actual.slice(code.length + 1);
          if (
            !general.test(nationalOf) &&
            !Object.values(max.countries).some((other) => other[0] === code && new RegExp(`^(?:${other[2]})$`).test(nationalOf))
          ) {
            differences.push(`${country} ${text}: ${actual} outside the general pattern`);
          }
        }
      }
    }
    expect(differences).toEqual([]);
    expect(total).toBeGreaterThan(10_000);
    // How much looser than the complete metadata the general rules are (ADR 0060).
    expect(looser / total).toBeLessThan(0.25);
  });
});
