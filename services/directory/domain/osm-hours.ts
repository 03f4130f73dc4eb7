/**
 * Our reader of OpenStreetMap `opening_hours` (ADR 0058): the subset French reception points
 * write, read and evaluated without the reference library (775 KB with the holidays of every
 * country and all its locales). Pure: no clock, no time zone; days and minutes are wall-clock
 * time (the caller turns them into instants, see `opening-hours.check.ts`).
 *
 * Read: rules separated by `;` (a rule applies to the whole day and replaces the rules before it
 * on the days it selects), `,` (additional rule), `||` (fallback rule); years (`2026`,
 * `2026-2027`); months and dates (`Aug`, `Jan-Mar`, `Dec 24`, `Dec 24-26`, `Jan 01-Mar 15`,
 * `2026 Dec 24-2027 Jan 02`); ISO weeks (`week 01-53/2`); weekdays (`Mo-Fr`, `Mo,We,Fr`, `Su`,
 * `Mo[1]`, `Fr[-1]`) and French public holidays (`PH`); time ranges (several a day, across
 * midnight, `24:00`, `24/7`, open end `18:00+`); `open`, `off`, `closed`, `unknown`; comments.
 * The evaluation follows the reference library's (its `getStatePair`): a comment without
 * `open` makes a rule `unknown`; `off` rules do not replace the rules before them; the part after
 * midnight of a range belongs to the next day and is replaced by a rule selecting that day.
 *
 * Also read, as approximations (`approximated`, printed in the standard form to propose it):
 * French day and month names (« Lu-Ve », « lundi au vendredi », « août »), hours written
 * « 9h », « 9h30 » or bare (« 9-12 »), « et » between time ranges, « fermé », a separator left
 * at the end. Valid OSM outside the subset (sun times, school holidays, Easter as a date,
 * offsets in days, hours past midnight written 26:00…) is `unsupported`.
 */
import { frenchPublicHolidays as publicHolidays } from '../../../shared/calendar/holidays';

export type HoursState = 'open' | 'closed' | 'unknown';

interface Day {
  y: number;
  m: number; // 1-12
  d: number;
  /** 0 Monday … 6 Sunday */
  wd: number;
  /** Days since 1970-01-01. */
  n: number;
}

type Matcher = (day: Day) => boolean;

interface TimeRange {
  from: number;
  to: number;
  /** The unknown part after an open end (`18:00+`). */
  openEnd?: boolean;
}

export interface HoursRule {
  kind: 'normal' | 'additional' | 'fallback';
  /** Date selectors, all of which must match the day. */
  selectors: Matcher[];
  /** Empty: the whole day. Minutes of the day, `to` up to 1440 (the part after midnight is in `wrap`). */
  times: TimeRange[];
  /** The parts of the time ranges after midnight, on the next day. */
  wrap: TimeRange[];
  state: HoursState;
  text: string;
}

export type ParsedHours = { ok: true; rules: HoursRule[]; approximated: boolean; standard: string } | { ok: false; unsupported?: string };

const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
const WEEKDAY_CODES = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const FRENCH_WEEKDAYS: Record<string, number> = {
  lu: 0,
  lun: 0,
  lundi: 0,
  ma: 1,
  mardi: 1,
  me: 2,
  mer: 2,
  mercredi: 2,
  je: 3,
  jeu: 3,
  jeudi: 3,
  ve: 4,
  ven: 4,
  vendredi: 4,
  sam: 5,
  samedi: 5,
  di: 6,
  dim: 6,
  dimanche: 6,
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_CODES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FRENCH_MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  fevrier: 2,
  février: 2,
  fev: 2,
  fév: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  août: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  décembre: 12,
};
/** Valid OSM we do not evaluate, with what the message says of it. */
const UNSUPPORTED: Record<string, string> = {
  sunrise: 'le lever et le coucher du soleil',
  sunset: 'le lever et le coucher du soleil',
  dawn: 'l’aube et le crépuscule',
  dusk: 'l’aube et le crépuscule',
  sh: 'les vacances scolaires (SH)',
  easter: 'Pâques comme date',
  day: 'les décalages en jours',
  days: 'les décalages en jours',
};

// ---------------------------------------------------------------------------------------------
// Calendar

const DAY_MS = 86_400_000;

export function dayOf(n: number): Day {
  const date = new Date(n * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), wd: (date.getUTCDay() + 6) % 7, n };
}

const dayNumber = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

const holidayCache = new Map<number, Set<number>>();

/**
 * France's national public holidays (`PH`), as the reference library had them for France
 * without a region (those of Alsace-Moselle and overseas were never applied): the platform's one
 * calendar (shared/calendar/holidays.ts), as day numbers.
 */
export function frenchPublicHolidays(y: number): Set<number> {
  let days = holidayCache.get(y);
  if (!days) {
    days = new Set([...publicHolidays(y).keys()].map((date) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS)));
    holidayCache.set(y, days);
  }
  return days;
}

/** ISO 8601 week number. */
function isoWeek(day: Day): number {
  const thursday = day.n - day.wd + 3;
  const { y } = dayOf(thursday);
  return Math.floor((thursday - dayNumber(y, 1, 1)) / 7) + 1;
}

// ---------------------------------------------------------------------------------------------
// Reading

type Token =
  | { t: 'word'; v: string }
  | { t: 'num'; v: string }
  | { t: 'time'; h: number; m: number; loose: boolean }
  | { t: 'punct'; v: string }
  | { t: 'comment'; v: string };

class Refused extends Error {
  constructor(readonly unsupported?: string) {
    super('refused');
  }
}

/** One token at a time: space, time `9:00`, loose time `9h30`, number, word, comment, `||`, punctuation. */
const TOKEN = /(\s+)|(\d{1,2}):(\d{2})(?!\d)|(\d{1,2})[hH](\d{2})?(?![\p{L}\d])|(\d+)|([\p{L}’']+)|"([^"]*)"|(\|\||[;,\-[\]/+–—])/uy;

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < value.length) {
    const m = TOKEN.exec(value);
    if (!m) throw new Refused();
    if (m[1]) continue;
    if (m[2]) tokens.push({ t: 'time', h: Number(m[2]), m: Number(m[3]), loose: false });
    else if (m[4]) tokens.push({ t: 'time', h: Number(m[4]), m: Number(m[5] ?? 0), loose: true });
    else if (m[6]) tokens.push({ t: 'num', v: m[6] });
    else if (m[7]) tokens.push({ t: 'word', v: m[7].toLowerCase() });
    else if (m[8] !== undefined) tokens.push({ t: 'comment', v: m[8] });
    else tokens.push({ t: 'punct', v: m[9] === '–' || m[9] === '—' ? '-' : (m[9] as string) });
  }
  return tokens;
}

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

class Reader {
  private at = 0;
  approximated = false;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private isPunct(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.t === 'punct' && t.v === v;
  }

  private word(offset = 0): string | undefined {
    const t = this.peek(offset);
    return t?.t === 'word' ? t.v : undefined;
  }

  private next(): Token {
    const t = this.tokens[this.at++];
    if (!t) throw new Refused();
    return t;
  }

  private expectPunct(v: string): void {
    if (!this.isPunct(v)) throw new Refused();
    this.at++;
  }

  private num(): number {
    const t = this.next();
    if (t.t !== 'num') throw new Refused();
    return Number(t.v);
  }

  private checkUnsupported(): void {
    const w = this.word();
    if (w && UNSUPPORTED[w]) throw new Refused(UNSUPPORTED[w]);
  }

  read(): HoursRule[] {
    const rules: HoursRule[] = [];
    let kind: HoursRule['kind'] = 'normal';
    for (;;) {
      rules.push(this.rule(kind));
      if (this.at >= this.tokens.length) break;
      const sep = this.next();
      if (sep.t !== 'punct') throw new Refused();
      if (this.at >= this.tokens.length && sep.v === ';') {
        // A separator left at the end.
        this.approximated = true;
        break;
      }
      if (sep.v === ';') kind = 'normal';
      else if (sep.v === '||') kind = 'fallback';
      else if (sep.v === ',') kind = 'additional';
      else throw new Refused();
    }
    return rules;
  }

  private monthAt(offset = 0): number | undefined {
    const w = this.word(offset);
    if (!w) return undefined;
    const english = MONTHS.indexOf(w);
    if (english >= 0) return english + 1;
    return FRENCH_MONTHS[w];
  }

  private weekdayAt(offset = 0): number | undefined {
    const w = this.word(offset);
    if (!w) return undefined;
    const english = WEEKDAYS.indexOf(w);
    if (english >= 0) return english;
    return FRENCH_WEEKDAYS[w];
  }

  private takeMonth(): number {
    const w = this.word() as string;
    const month = this.monthAt() as number;
    if (!MONTHS.includes(w)) this.approximated = true;
    this.at++;
    return month;
  }

  private takeWeekday(): number {
    const w = this.word() as string;
    const wd = this.weekdayAt() as number;
    if (!WEEKDAYS.includes(w)) this.approximated = true;
    this.at++;
    return wd;
  }

  private isYearAt(offset = 0): boolean {
    const t = this.peek(offset);
    return t?.t === 'num' && t.v.length === 4;
  }

  private rule(kind: HoursRule['kind']): HoursRule {
    const selectors: Matcher[] = [];
    const text: string[] = [];
    const times: TimeRange[] = [];
    const wrap: TimeRange[] = [];
    let state: HoursState = 'open';
    let stated = false;
    let comment: string | undefined;
    let something = false;

    this.checkUnsupported();
    if (this.peek()?.t === 'num' && (this.peek() as { v: string }).v === '24' && this.isPunct('/', 1)) {
      this.at += 2;
      if (this.num() !== 7) throw new Refused();
      text.push('24/7');
      something = true;
    } else {
      // Years, alone (a year followed by a month starts a date).
      if (this.isYearAt() && this.monthAt(1) === undefined) {
        const ranges: Array<[number, number]> = [];
        const parts: string[] = [];
        for (;;) {
          const from = this.num();
          let to = from;
          if (this.isPunct('-') && this.isYearAt(1)) {
            this.at++;
            to = this.num();
          }
          if (to < from) throw new Refused();
          ranges.push([from, to]);
          parts.push(to === from ? `${from}` : `${from}-${to}`);
          if (this.isPunct(',') && this.isYearAt(1) && this.monthAt(2) === undefined) this.at++;
          else break;
        }
        selectors.push((day) => ranges.some(([a, b]) => day.y >= a && day.y <= b));
        text.push(parts.join(','));
        something = true;
      }
      // Months and dates.
      if (this.monthAt() !== undefined || (this.isYearAt() && this.monthAt(1) !== undefined)) {
        const items: Matcher[] = [];
        const parts: string[] = [];
        for (;;) {
          const [matcher, part] = this.monthItem();
          items.push(matcher);
          parts.push(part);
          if (this.isPunct(',') && (this.monthAt(1) !== undefined || (this.isYearAt(1) && this.monthAt(2) !== undefined))) this.at++;
          else break;
        }
        selectors.push((day) => items.some((f) => f(day)));
        text.push(parts.join(','));
        something = true;
      }
      this.checkUnsupported();
      // Weeks.
      if (this.word() === 'week') {
        this.at++;
        const ranges: Array<[number, number, number]> = [];
        const parts: string[] = [];
        for (;;) {
          const from = this.num();
          let to = from;
          let step = 1;
          if (this.isPunct('-')) {
            this.at++;
            to = this.num();
            if (this.isPunct('/')) {
              this.at++;
              step = this.num();
            }
          }
          if (from < 1 || to > 53 || to < from || step < 1) throw new Refused();
          ranges.push([from, to, step]);
          parts.push(`${pad(from)}${to !== from ? `-${pad(to)}` : ''}${step !== 1 ? `/${step}` : ''}`);
          if (this.isPunct(',') && this.peek(1)?.t === 'num') this.at++;
          else break;
        }
        selectors.push((day) => {
          const w = isoWeek(day);
          return ranges.some(([a, b, s]) => w >= a && w <= b && (w - a) % s === 0);
        });
        text.push(`week ${parts.join(',')}`);
        something = true;
      }
      // Weekdays and public holidays: a list is one selector (`Sa,PH`: either), two lists both.
      for (;;) {
        this.checkUnsupported();
        if (this.weekdayAt() === undefined && this.word() !== 'ph') break;
        const [matcher, part] = this.dayList();
        selectors.push(matcher);
        text.push(part);
        something = true;
      }
      // Times.
      this.checkUnsupported();
      if (this.peek()?.t === 'time' || (this.peek()?.t === 'num' && this.isPunct('-', 1))) {
        const parts: string[] = [];
        for (;;) {
          parts.push(this.timeRange(times, wrap));
          const following = this.peek(1);
          const hour = following?.t === 'time' || (following?.t === 'num' && following.v.length <= 2 && this.isPunct('-', 2));
          if ((this.isPunct(',') || this.word() === 'et') && hour) {
            if (this.word() === 'et') this.approximated = true;
            this.at++;
          } else break;
        }
        text.push(parts.join(','));
        something = true;
      }
    }
    this.checkUnsupported();
    const modifier = this.word();
    if (modifier && ['open', 'closed', 'off', 'unknown', 'fermé', 'ferme', 'ouvert'].includes(modifier)) {
      this.at++;
      state = modifier === 'open' || modifier === 'ouvert' ? 'open' : modifier === 'unknown' ? 'unknown' : 'closed';
      if (['fermé', 'ferme', 'ouvert'].includes(modifier)) this.approximated = true;
      stated = true;
      text.push(modifier === 'fermé' || modifier === 'ferme' ? 'off' : modifier === 'ouvert' ? 'open' : modifier);
      something = true;
    }
    if (this.peek()?.t === 'comment') {
      comment = (this.next() as { v: string }).v;
      // As in the reference library: a comment without a state makes the rule unknown.
      if (!stated) state = 'unknown';
      text.push(`"${comment}"`);
      something = true;
    }
    if (!something) throw new Refused();
    // What may follow: the end, a rule separator, or `,` and an additional rule.
    const after = this.peek();
    if (after && !(after.t === 'punct' && [';', '||', ','].includes(after.v))) {
      this.checkUnsupported();
      throw new Refused();
    }
    return { kind, selectors, times, wrap, state, text: text.join(' ') };
  }

  /** `Aug`, `Jan-Mar`, `Dec 24`, `Dec 24-26`, `Jan 01-Mar 15`, `2026 Dec 24-2027 Jan 02`. */
  private monthItem(): [Matcher, string] {
    const date = () => {
      const year = this.isYearAt() ? this.num() : undefined;
      if (this.monthAt() === undefined) throw new Refused();
      const month = this.takeMonth();
      const day = this.peek()?.t === 'num' && !this.isYearAt() ? this.num() : undefined;
      if (day !== undefined && (day < 1 || day > 31)) throw new Refused();
      if (year !== undefined && day === undefined) throw new Refused(); // `2026 Aug`: not in our subset
      return { year, month, day };
    };
    const print = (x: { year?: number; month: number; day?: number }) =>
      `${x.year !== undefined ? `${x.year} ` : ''}${MONTH_CODES[x.month - 1]}${x.day !== undefined ? ` ${pad(x.day)}` : ''}`;
    const from = date();
    let to = from;
    let text = print(from);
    if (this.isPunct('-')) {
      this.at++;
      if (this.peek()?.t === 'num' && !this.isYearAt()) {
        // `Dec 24-26`
        if (from.day === undefined) throw new Refused();
        const day = this.num();
        if (day < from.day || day > 31) throw new Refused();
        to = { ...from, day };
        text += `-${pad(day)}`;
      } else {
        to = date();
        text += `-${print(to)}`;
      }
    }
    if ((from.day === undefined) !== (to.day === undefined) || (from.year === undefined) !== (to.year === undefined)) throw new Refused();
    if (from.day === undefined) {
      const [a, b] = [from.month, to.month];
      return [(day) => (a <= b ? day.m >= a && day.m <= b : day.m >= a || day.m <= b), text];
    }
    if (from.year !== undefined) {
      const a = dayNumber(from.year, from.month, from.day as number);
      const b = dayNumber(to.year as number, to.month, to.day as number);
      if (b < a) throw new Refused();
      return [(day) => day.n >= a && day.n <= b, text];
    }
    const a = from.month * 100 + (from.day as number);
    const b = to.month * 100 + (to.day as number);
    return [
      (day) => {
        const x = day.m * 100 + day.d;
        return a <= b ? x >= a && x <= b : x >= a || x <= b;
      },
      text,
    ];
  }

  /** `Mo-Fr`, `Mo,We,Fr`, `Mo[1]`, `Fr[-1]`, `PH`, `Sa,PH`; « lundi au vendredi ». */
  private dayList(): [Matcher, string] {
    const items: Matcher[] = [];
    const parts: string[] = [];
    for (;;) {
      if (this.word() === 'ph') {
        this.at++;
        items.push((day) => frenchPublicHolidays(day.y).has(day.n));
        parts.push('PH');
      } else {
        const from = this.takeWeekday();
        let to = from;
        if ((this.isPunct('-') || this.word() === 'au' || this.word() === 'à') && this.weekdayAt(1) !== undefined) {
          if (!this.isPunct('-')) this.approximated = true;
          this.at++;
          to = this.takeWeekday();
        }
        let nth: number[] | undefined;
        let nthText = '';
        if (this.isPunct('[')) {
          this.at++;
          nth = [];
          const nthParts: string[] = [];
          for (;;) {
            const negative = this.isPunct('-');
            if (negative) this.at++;
            const a = this.num() * (negative ? -1 : 1);
            let b = a;
            if (!negative && this.isPunct('-') && this.peek(1)?.t === 'num') {
              this.at++;
              b = this.num();
            }
            if (a === 0 || Math.abs(a) > 5 || Math.abs(b) > 5 || b < a) throw new Refused();
            for (let k = a; k <= b; k++) nth.push(k);
            nthParts.push(a === b ? `${a}` : `${a}-${b}`);
            if (this.isPunct(',')) this.at++;
            else break;
          }
          this.expectPunct(']');
          nthText = `[${nthParts.join(',')}]`;
          this.checkUnsupported();
          if (this.isPunct('+') || (this.isPunct('-') && this.peek(1)?.t === 'num')) throw new Refused(UNSUPPORTED.day);
        }
        const within = from <= to ? (wd: number) => wd >= from && wd <= to : (wd: number) => wd >= from || wd <= to;
        const which = nth;
        items.push((day) => {
          if (!within(day.wd)) return false;
          if (!which) return true;
          const first = Math.floor((day.d - 1) / 7) + 1;
          const last = -(Math.floor((daysInMonth(day.y, day.m) - day.d) / 7) + 1);
          return which.includes(first) || which.includes(last);
        });
        parts.push(`${WEEKDAY_CODES[from]}${to !== from ? `-${WEEKDAY_CODES[to]}` : ''}${nthText}`);
      }
      if (this.isPunct(',') && (this.weekdayAt(1) !== undefined || this.word(1) === 'ph')) this.at++;
      else break;
    }
    return [(day) => items.some((f) => f(day)), parts.join(',')];
  }

  private time(): { minutes: number; loose: boolean } {
    const t = this.next();
    if (t.t === 'time') {
      if (t.m > 59 || t.h > 24 || (t.h === 24 && t.m > 0)) throw new Refused();
      return { minutes: t.h * 60 + t.m, loose: t.loose };
    }
    if (t.t === 'num' && t.v.length <= 2 && Number(t.v) <= 24) return { minutes: Number(t.v) * 60, loose: true };
    throw new Refused();
  }

  /** `09:00-12:00`, `22:00-02:00`, `18:00+`, `09:00-18:00+`; loose: `9h-12h`, `9h30`, `9-12`. */
  private timeRange(times: TimeRange[], wrap: TimeRange[]): string {
    const start = this.time();
    if (start.loose) this.approximated = true;
    if (start.minutes >= 1440) throw new Refused();
    if (this.isPunct('+')) {
      this.at++;
      this.openEnd(start.minutes, times, wrap);
      return `${hhmm(start.minutes)}+`;
    }
    if (!this.isPunct('-') && !(this.word() === 'à' || this.word() === 'a')) throw new Refused();
    if (!this.isPunct('-')) this.approximated = true;
    this.at++;
    this.checkUnsupported();
    const end = this.time();
    if (end.loose) this.approximated = true;
    let to = end.minutes;
    if (to <= start.minutes) to += 1440;
    if (to > 1440) {
      times.push({ from: start.minutes, to: 1440 });
      wrap.push({ from: 0, to: to - 1440 });
    } else times.push({ from: start.minutes, to });
    let text = `${hhmm(start.minutes)}-${hhmm(end.minutes)}`;
    if (this.isPunct('+')) {
      this.at++;
      this.openEnd(end.minutes, times, wrap);
      text += '+';
    }
    return text;
  }

  /** As the reference library estimates an open end: 8 hours after 22:00, 10 after 17:00, else to midnight. */
  private openEnd(from: number, times: TimeRange[], wrap: TimeRange[]): void {
    const to = from >= 22 * 60 ? from + 8 * 60 : from >= 17 * 60 ? from + 10 * 60 : 1440;
    if (from === 1440) {
      wrap.push({ from: 0, to: to - 1440, openEnd: true });
      return;
    }
    times.push({ from, to: Math.min(to, 1440), openEnd: true });
    if (to > 1440) wrap.push({ from: 0, to: to - 1440, openEnd: true });
  }
}

const SEPARATORS = { normal: '; ', additional: ', ', fallback: ' || ' };

/** Reads `value`; `standard` is the value in the standard syntax (what is proposed for an approximation). */
export function parseHours(value: string): ParsedHours {
  try {
    const reader = new Reader(tokenize(value.trim()));
    const rules = reader.read();
    const standard = rules.map((r, i) => (i === 0 ? '' : SEPARATORS[r.kind]) + r.text).join('');
    return { ok: true, rules, approximated: reader.approximated, standard };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, unsupported: error.unsupported };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

interface Evaluated {
  rule: HoursRule;
  wrapped: boolean;
}

/** The state of each minute range of `n` (a day number), as the reference library's getStatePair. */
function dayStates(rules: HoursRule[], n: number): Array<[number, number, HoursState]> {
  const day = dayOf(n);
  const previous = dayOf(n - 1);
  // The rules as the library lists them: each rule, then its part after midnight.
  let matching: Evaluated[] = [];
  let previousHasDate = false;
  let first = true;
  for (const rule of rules) {
    const hasDate = rule.selectors.length > 0;
    if (rule.selectors.every((f) => f(day))) {
      const replaces =
        (hasDate || (!first && rule.state === 'open' && !previousHasDate)) && rule.state !== 'closed' && rule.kind === 'normal';
      if (replaces) matching = [];
      matching.push({ rule, wrapped: false });
    }
    first = false;
    previousHasDate = hasDate;
    if (rule.wrap.length > 0 && rule.selectors.every((f) => f(previous))) matching.push({ rule, wrapped: true });
  }
  const cuts = new Set([0, 1440]);
  for (const { rule, wrapped } of matching)
    for (const r of wrapped ? rule.wrap : rule.times) {
      cuts.add(r.from);
      cuts.add(r.to);
    }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: Array<[number, number, HoursState]> = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as number;
    const b = sorted[i + 1] as number;
    let state: HoursState = 'closed';
    for (const { rule, wrapped } of matching) {
      const ranges = wrapped ? rule.wrap : rule.times;
      let applies = !wrapped && ranges.length === 0;
      let openEnd = false;
      for (const r of ranges)
        if (a >= r.from && a < r.to) {
          applies = true;
          openEnd = r.openEnd === true;
        }
      if (!applies) continue;
      // As in the library, the part after midnight of a fallback rule is not a fallback.
      if (rule.kind === 'fallback' && !wrapped && state !== 'closed') continue;
      state = rule.state;
      if (openEnd && state !== 'closed') state = 'unknown';
    }
    out.push([a, b, state]);
  }
  return out;
}

/**
 * The open intervals `[start, end)` between `from` and `until`, both wall-clock time written as
 * UTC epoch milliseconds; back-to-back intervals are joined.
 */
export function openWallIntervals(rules: HoursRule[], from: number, until: number): Array<[number, number]> {
  const intervals: Array<[number, number]> = [];
  for (let n = Math.floor(from / DAY_MS); n * DAY_MS < until; n++) {
    for (const [a, b, state] of dayStates(rules, n)) {
      if (state !== 'open') continue;
      const start = Math.max(from, n * DAY_MS + a * 60_000);
      const end = Math.min(until, n * DAY_MS + b * 60_000);
      if (end <= start) continue;
      const last = intervals[intervals.length - 1];
      if (last && last[1] === start) last[1] = end;
      else intervals.push([start, end]);
    }
  }
  return intervals;
}
