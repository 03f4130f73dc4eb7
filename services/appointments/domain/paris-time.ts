/**
 * Wall-clock time in Europe/Paris, where every appointment is given, to and from instants,
 * through the runtime's time-zone data (Intl): no hand-written DST rule. A local time that does
 * not exist (the hour skipped on the last Sunday of March) has no instant; one that happens twice
 * (the hour repeated in October) is the first of the two.
 */
export const PARIS = 'Europe/Paris';

// Built at first use, not at load: the first time-zone formatter of a process loads ICU's
// zone data (tens of milliseconds), which would weigh on every cold start (issue 19).
let parts: Intl.DateTimeFormat | undefined;
const partsFormat = () =>
  (parts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: PARIS,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    weekday: 'short',
  }));
const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface ParisWallTime {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM`. */
  time: string;
  /** ISO weekday, Monday 1 … Sunday 7. */
  weekday: number;
  /** Minutes east of UTC at that instant (60 in winter, 120 in summer). */
  offsetMinutes: number;
}

/** What a clock in Paris shows at this instant. */
export function toParis(instant: Date | number): ParisWallTime {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const p = Object.fromEntries(
    partsFormat()
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  const date = `${p.year}-${p.month}-${p.day}`;
  const time = `${p.hour}:${p.minute}`;
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return {
    date,
    time,
    weekday: WEEKDAYS[p.weekday ?? ''] ?? 0,
    offsetMinutes: Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000),
  };
}

/** The instant a Paris clock shows `date` `time`; `undefined` for a time skipped by the change to summer time. */
export function fromParis(date: string, time: string): Date | undefined {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The two offsets Paris can have around that moment; the earlier instant first (October's repeated hour).
  const candidates = [...new Set([toParis(wall - 3 * 3600_000).offsetMinutes, toParis(wall + 3 * 3600_000).offsetMinutes])]
    .map((offset) => wall - offset * 60_000)
    .sort((a, b) => a - b);
  for (const ms of candidates) {
    const shown = toParis(ms);
    if (shown.date === date && shown.time === time) return new Date(ms);
  }
  return undefined;
}

/** An instant as Paris writes it, with its offset: `2026-03-31T09:30:00+02:00`. */
export function parisIso(instant: Date | number): string {
  const wall = toParis(instant);
  const sign = wall.offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(wall.offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${wall.date}T${wall.time}:00${offset}`;
}

/** The day after `date` (`YYYY-MM-DD`), on the calendar (no time zone involved). */
export function nextDay(date: string, days = 1): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date, Monday 1 … Sunday 7. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}
