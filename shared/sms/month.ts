import { TIME_ZONE } from './send-time';

// Built at first use, not at load: the first time-zone formatter of a process loads ICU's
// zone data (tens of milliseconds), which would weigh on every cold start (issue 19).
let monthFormatter: Intl.DateTimeFormat | undefined;

/** The calendar month (Paris) of an instant, `YYYY-MM`: the SMS budget is counted per month. */
export function parisMonth(at: Date): string {
  monthFormatter ??= new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' });
  return monthFormatter.format(at).slice(0, 7);
}
