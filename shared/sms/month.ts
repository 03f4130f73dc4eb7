import { TIME_ZONE } from './send-time';

const monthFormatter = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' });

/** The calendar month (Paris) of an instant, `YYYY-MM`: the SMS budget is counted per month. */
export function parisMonth(at: Date): string {
  return monthFormatter.format(at).slice(0, 7);
}
