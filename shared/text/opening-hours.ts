/**
 * Opening hours said in plain French for generated text (the person's SMS, ADR 0033), from the
 * OpenStreetMap `opening_hours` string the directory stores: « du lundi au vendredi 8h30-12h et
 * 13h30-17h ; samedi 9h-12h », or, short, « lun-ven 8h30-12h, 13h30-17h ; sam 9h-12h ».
 *
 * Only what can be said for sure is said: day rules (`Mo-Fr 08:30-12:00,13:30-17:00`), `24/7`,
 * `PH off` (public holidays closed) and dated closures (left out: a message is read later).
 * Anything else (months, weeks, `PH 10:00-12:00`, comments…) answers `undefined`: the caller says
 * nothing of the hours rather than print the OSM string or guess.
 */

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const LONG = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
const SHORT = ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'] as const;
const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';

const TIME = '(?:[01]\\d|2[0-4]):[0-5]\\d';
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)';
const DAY_RULE = new RegExp(`^(${DAY}(?:-${DAY})?(?:,${DAY}(?:-${DAY})?)*) (${TIME}-${TIME}(?:,${TIME}-${TIME})*)$`);
const DATE = `\\d{4} (?:${MONTHS}) \\d{1,2}`;
const CLOSURE = new RegExp(`^${DATE}(?:-(?:${DATE}|\\d{1,2}))? off$`);

export type HoursStyle = 'long' | 'short';

/** `08:30` → `8h30`, `12:00` → `12h`. */
function time(hhmm: string): string {
  const [h = '0', m = '00'] = hhmm.split(':');
  return `${Number(h)}h${m === '00' ? '' : m}`;
}

/** A run of days: « du lundi au vendredi », « lundi et mardi », « samedi » (short: « lun-ven »). */
function run(from: number, to: number, style: HoursStyle): string {
  const names = style === 'long' ? LONG : SHORT;
  if (from === to) return names[from] as string;
  if (style === 'short') return `${names[from]}-${names[to]}`;
  if (to === from + 1) return `${names[from]} et ${names[to]}`;
  return `du ${names[from]} au ${names[to]}`;
}

/** Days in week order, grouped in runs of consecutive days. */
function dayRuns(days: number[], style: HoursStyle): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const from = sorted[i] as number;
    const to = sorted[j] as number;
    // Two days among others are listed one by one: « lundi, mardi et jeudi ».
    if (style === 'long' && to === from + 1) runs.push(run(from, from, style), run(to, to, style));
    else runs.push(run(from, to, style));
    i = j + 1;
  }
  if (style === 'long' && runs.length === 2 && sorted.length === 2) return runs.join(' et ');
  if (style === 'short' || runs.length === 1) return runs.join(', ');
  return `${runs.slice(0, -1).join(', ')} et ${runs.at(-1)}`;
}

/** The hours in words, or `undefined` when they are not given or cannot be said for sure. */
export function hoursInWords(osm: string | undefined, style: HoursStyle = 'long'): string | undefined {
  const text = (osm ?? '').trim();
  if (!text) return undefined;
  if (text === '24/7') return style === 'long' ? 'tous les jours, jour et nuit' : '7j/7 24h/24';
  const said: Array<{ days: number[]; ranges: string }> = [];
  const seen = new Set<number>();
  let holidaysClosed = false;
  for (const rule of text.split(/\s*;\s*/).filter(Boolean)) {
    if (rule === 'PH off') {
      holidaysClosed = true;
      continue;
    }
    if (CLOSURE.test(rule)) continue;
    const m = DAY_RULE.exec(rule);
    if (!m) return undefined;
    const days: number[] = [];
    for (const part of (m[1] ?? '').split(',')) {
      const [a, b = a] = part.split('-');
      const from = DAYS.indexOf(a as (typeof DAYS)[number]);
      const to = DAYS.indexOf(b as (typeof DAYS)[number]);
      // A wrapping range (`Sa-Mo`) or a day said twice: not said for sure.
      if (to < from) return undefined;
      for (let d = from; d <= to; d++) {
        if (seen.has(d)) return undefined;
        seen.add(d);
        days.push(d);
      }
    }
    const ranges = (m[2] ?? '').split(',').map((r) => r.split('-').map(time).join('-'));
    said.push({ days, ranges: ranges.join(style === 'long' ? ' et ' : ', ') });
  }
  if (said.length === 0) return undefined;
  // Days with the same hours are said together, in the order of their first day.
  const byRanges = new Map<string, number[]>();
  for (const s of said.sort((a, b) => Math.min(...a.days) - Math.min(...b.days))) {
    byRanges.set(s.ranges, [...(byRanges.get(s.ranges) ?? []), ...s.days]);
  }
  const words = [...byRanges.entries()].map(([ranges, days]) => `${dayRuns(days, style)} ${ranges}`).join(' ; ');
  return holidaysClosed && style === 'long' ? `${words} (sauf jours fériés)` : words;
}
