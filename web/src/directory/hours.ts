/**
 * Opening hours for people: a week of time ranges, public holidays and closures by date range,
 * and the OpenStreetMap `opening_hours` string the directory stores (checked server-side by our
 * reader of that syntax, `services/directory/domain/opening-hours.check.ts`, ADR 0058). `toOsm` writes the
 * string, grouping identical consecutive days; `fromOsm` reads back what the editor can say and
 * answers null for anything else (the string is then edited as text).
 */

export interface TimeRange {
  /** `HH:MM` (24 h), as an `<input type="time">` gives it; '' while not filled in. */
  start: string;
  end: string;
}

/** A date range, both ends included, `YYYY-MM-DD` as an `<input type="date">` gives it. */
export interface Closure {
  from: string;
  to: string;
}

export interface HoursModel {
  /** Monday first; an empty list is a closed day. */
  days: TimeRange[][];
  holidaysClosed: boolean;
  closures: Closure[];
}

export const DAY_CODES = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
export const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export function emptyHours(): HoursModel {
  return { days: DAY_CODES.map(() => []), holidaysClosed: false, closures: [] };
}

const rangeText = (r: TimeRange) => `${r.start}-${r.end}`;
const dayText = (ranges: TimeRange[]) => ranges.map(rangeText).join(',');

function osmDate(iso: string): string {
  // A date not filled in stays visible (and refused by the server) rather than dropped.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return '?';
  const [y, m, d] = iso.split('-');
  return `${y} ${MONTHS[Number(m) - 1] ?? m} ${d}`;
}

/**
 * The OSM string of `model`: « Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off;
 * 2026 Dec 24-2026 Dec 26 off ». No open day and no exception: '' (hours not given). A range
 * left half empty is written as it is, so that the string is refused rather than silently cut.
 */
export function toOsm(model: HoursModel): string {
  const rules: string[] = [];
  let i = 0;
  while (i < DAY_CODES.length) {
    const text = dayText(model.days[i] ?? []);
    let j = i;
    while (j + 1 < DAY_CODES.length && dayText(model.days[j + 1] ?? []) === text) j++;
    if (text) rules.push(`${DAY_CODES[i]}${j > i ? `-${DAY_CODES[j]}` : ''} ${text}`);
    i = j + 1;
  }
  if (model.holidaysClosed) rules.push('PH off');
  for (const c of model.closures) {
    rules.push(c.to && c.to !== c.from ? `${osmDate(c.from)}-${osmDate(c.to)} off` : `${osmDate(c.from)} off`);
  }
  return rules.join('; ');
}

const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const DAY_RULE = new RegExp(
  `^((?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?(?:,(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?)*) (${TIME}-${TIME}(?:,${TIME}-${TIME})*)$`,
);
const DATE = '(\\d{4}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{1,2})';
const CLOSURE = new RegExp(`^${DATE}(?:-${DATE})? off$`);

function isoDate(year: string, month: string, day: string): string {
  const m = MONTHS.indexOf(month as (typeof MONTHS)[number]) + 1;
  return `${year}-${String(m).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * The model of `value` when the editor can express it (day rules, then `PH off`, then closures,
 * each day said once), null otherwise (`24/7`, months, `PH 10:00-12:00`, a day said twice…).
 */
export function fromOsm(value: string): HoursModel | null {
  const model = emptyHours();
  const text = value.trim();
  if (!text) return model;
  const said = new Set<number>();
  // 0: day rules, 1: PH off, 2: closures; the order the editor writes them in.
  let stage = 0;
  for (const rule of text.split(/\s*;\s*/)) {
    const day = DAY_RULE.exec(rule);
    if (day) {
      if (stage > 0) return null;
      const ranges = (day[2] ?? '').split(',').map((r): TimeRange => {
        const [start = '', end = ''] = r.split('-');
        return { start, end };
      });
      if (ranges.some((r) => r.end <= r.start)) return null;
      for (const part of (day[1] ?? '').split(',')) {
        const [a, b = a] = part.split('-');
        const from = DAY_CODES.indexOf(a as (typeof DAY_CODES)[number]);
        const to = DAY_CODES.indexOf(b as (typeof DAY_CODES)[number]);
        if (to < from) return null;
        for (let d = from; d <= to; d++) {
          if (said.has(d)) return null;
          said.add(d);
          model.days[d] = ranges.map((r) => ({ ...r }));
        }
      }
      continue;
    }
    if (rule === 'PH off') {
      if (stage > 1) return null;
      stage = 2;
      model.holidaysClosed = true;
      continue;
    }
    const closure = CLOSURE.exec(rule);
    if (closure) {
      stage = 2;
      const [, y1 = '', m1 = '', d1 = '', y2, m2 = '', d2 = ''] = closure;
      const from = isoDate(y1, m1, d1);
      const to = y2 ? isoDate(y2, m2, d2) : from;
      if (to < from) return null;
      model.closures.push({ from, to });
      continue;
    }
    return null;
  }
  return model;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What is wrong with the model, in French, one sentence per problem (empty: nothing). */
export function hoursProblems(model: HoursModel): string[] {
  const problems: string[] = [];
  model.days.forEach((ranges, d) => {
    const day = capital(DAY_NAMES[d] ?? '');
    ranges.forEach((r, k) => {
      const which = ranges.length > 1 ? `${day}, plage ${k + 1}` : day;
      if (!r.start || !r.end) problems.push(`${which} : indiquez l’heure de début et l’heure de fin.`);
      else if (r.end <= r.start) problems.push(`${which} : l’heure de fin doit être après l’heure de début.`);
    });
    const sorted = ranges.filter((r) => r.start && r.end).sort((a, b) => a.start.localeCompare(b.start));
    sorted.forEach((next, k) => {
      const before = sorted[k - 1];
      if (before && next.start < before.end) {
        problems.push(`${day} : les plages ${before.start}–${before.end} et ${next.start}–${next.end} se chevauchent.`);
      }
    });
  });
  model.closures.forEach((c, k) => {
    const which = `Fermeture ${k + 1}`;
    if (!c.from) problems.push(`${which} : indiquez la date de début.`);
    else if (c.to && c.to < c.from) problems.push(`${which} : la date de fin doit être le jour du début ou après.`);
  });
  return problems;
}
