import { nextDay } from './paris-time';

/** `YYYY-Www` (ISO 8601 week, Monday first; week 1 holds the year's first Thursday). */
export const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Monday (`YYYY-MM-DD`) of an ISO week, or undefined when the year has no such week (W00, W54, W53 of most years). */
export function mondayOfWeek(week: string): string | undefined {
  const m = ISO_WEEK.exec(week);
  if (!m) return undefined;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return undefined;
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = new Date(jan4).getUTCDay() || 7;
  const monday = jan4 - (jan4Weekday - 1) * 86_400_000 + (n - 1) * 7 * 86_400_000;
  // Its Thursday decides the week's year: W53 of a year with 52 weeks falls in the next one.
  return new Date(monday + 3 * 86_400_000).getUTCFullYear() === year ? isoDate(monday) : undefined;
}

/** The ISO week (`YYYY-Www`) of a day `YYYY-MM-DD`. */
export function weekOfDate(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const weekday = new Date(ms).getUTCDay() || 7;
  const thursday = ms + (4 - weekday) * 86_400_000;
  const year = new Date(thursday).getUTCFullYear();
  const n = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}

/** The week after (or before, `step` -1) an ISO week. */
export function shiftWeek(week: string, step: number): string {
  const monday = mondayOfWeek(week);
  if (!monday) throw new Error(`Not an ISO week: ${week}`);
  return weekOfDate(nextDay(monday, 7 * step));
}
