import { publicHoliday } from '../../../shared/calendar/holidays';
import { nextDay } from './paris-time';

/** A working day: Monday to Friday, not a French public holiday. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5 && publicHoliday(date) === undefined;
}

/** The Paris day on which the `count`-th working day after `today` falls (`today` itself not counted). */
export function workingDaysAhead(today: string, count: number): string {
  let day = today;
  for (let found = 0; found < count; ) {
    day = nextDay(day);
    if (isWorkingDay(day)) found++;
  }
  return day;
}
