/**
 * Rule 7's timing for every SMS to a person (surveys, appointment messages, the referral
 * notices): no SMS in the quiet hours or on the quiet days, in Europe/Paris. The quiet settings
 * are declared once, by the surveys (`RELAIS_SMS_QUIET_HOURS`, `RELAIS_SMS_QUIET_DAYS`).
 */
export type WeekDay = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const TIME_ZONE = 'Europe/Paris';
const WEEK_DAYS: readonly WeekDay[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface QuietRules {
  /** Local window without SMS, `HH:MM`; `start > end` crosses midnight. Null: none. */
  quietHours: { start: string; end: string } | null;
  quietDays: readonly WeekDay[];
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  minutes: number;
  weekDay: WeekDay;
}

// Built at first use, not at load: the first time-zone formatter of a process loads ICU's
// zone data (tens of milliseconds), which would weigh on every cold start (issue 19).
let formatter: Intl.DateTimeFormat | undefined;
const format = () =>
  (formatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }));

function local(at: Date): LocalParts {
  const parts = format().formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
    weekDay: get('weekday').toLowerCase().slice(0, 3) as WeekDay,
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instant a Paris wall-clock time denotes (a time skipped by the spring change moves forward an hour). */
export function parisTime(year: number, month: number, day: number, minutes: number): Date {
  const target = Date.UTC(year, month - 1, day, 0, minutes);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const p = local(new Date(guess));
    const shown = Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes);
    if (shown === target) break;
    guess += target - shown;
  }
  return new Date(guess);
}

/** The Paris date following (year, month, day). */
function nextDay(p: LocalParts): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function inQuietHours(minutes: number, quiet: QuietRules['quietHours']): boolean {
  if (!quiet) return false;
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * Rule 7's timing, pure: the earliest instant at or after `at` when an SMS may be sent — not in
 * the quiet hours, not on a quiet day (both in Europe/Paris, whatever the server's zone).
 */
export function nextAllowedTime(at: Date, rules: QuietRules): Date {
  if (rules.quietDays.length >= 7) throw new Error('Every day is a quiet day: no SMS could ever be sent');
  const quietEnd = rules.quietHours ? toMinutes(rules.quietHours.end) : 0;
  // A day starts when the night's quiet hours end (a window crossing midnight), else at 00:00.
  const dayStart = rules.quietHours && toMinutes(rules.quietHours.start) > quietEnd ? quietEnd : 0;
  let candidate = at;
  // At most a week of quiet days, each followed by one move to the end of the quiet hours.
  for (let i = 0; i < 20; i++) {
    const p = local(candidate);
    if (rules.quietDays.includes(p.weekDay)) {
      const next = nextDay(p);
      candidate = parisTime(next.year, next.month, next.day, dayStart);
      continue;
    }
    if (inQuietHours(p.minutes, rules.quietHours)) {
      // Before the end of the quiet hours: today; after their start: tomorrow.
      const day = p.minutes < quietEnd ? p : { ...p, ...nextDay(p) };
      candidate = parisTime(day.year, day.month, day.day, quietEnd);
      continue;
    }
    return candidate;
  }
  throw new Error('No allowed time found');
}

/** The weekday of an instant in Paris (tests, messages). */
export function parisWeekDay(at: Date): WeekDay {
  return local(at).weekDay;
}

export { WEEK_DAYS };
