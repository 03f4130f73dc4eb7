/**
 * Opening hours on the read path. Sites keep their hours in OpenStreetMap `opening_hours`
 * syntax; our reader of it (`osm-hours.ts`, ADR 0058, in place of the 780 KB reference library)
 * runs only where hours are written (`opening-hours.check.ts`), which stores the open intervals of the coming
 * weeks on the site. Reading "open now" and "next opening" is then arithmetic on those
 * intervals, and the read handlers stay small (ADR 0007).
 */

/** Open intervals `[startMs, endMs)` (epoch milliseconds), sorted, up to `until`. */
export interface OpenIntervals {
  intervals: Array<[number, number]>;
  until: number;
}

export interface OpenState {
  /** null when the hours are unknown or the stored intervals no longer reach `now`. */
  openNow: boolean | null;
  /** ISO instant of the next opening (null: open now, unknown, or none in the known horizon). */
  nextOpening: string | null;
  /** Open now: the ISO instant it closes (back-to-back intervals joined); null otherwise, or open past the horizon. */
  closesAt: string | null;
}

const UNKNOWN: OpenState = { openNow: null, nextOpening: null, closesAt: null };

export function openState(hours: OpenIntervals | undefined, now: Date): OpenState {
  if (!hours || now.getTime() >= hours.until) return UNKNOWN;
  const t = now.getTime();
  const { intervals } = hours;
  for (let i = 0; i < intervals.length; i++) {
    const [start, end] = intervals[i] as [number, number];
    if (t < start) return { openNow: false, nextOpening: new Date(start).toISOString(), closesAt: null };
    if (t < end) {
      let closes = end;
      for (let j = i + 1; j < intervals.length && (intervals[j] as [number, number])[0] <= closes; j++)
        closes = Math.max(closes, (intervals[j] as [number, number])[1]);
      // Open up to the end of what is known: when it closes is not known.
      return { openNow: true, nextOpening: null, closesAt: closes >= hours.until ? null : new Date(closes).toISOString() };
    }
  }
  return { openNow: false, nextOpening: null, closesAt: null };
}

/**
 * Validation of the syntax is plugged in by the handlers that write hours (they load the
 * reader); elsewhere the schema accepts what is already stored. See `opening-hours.check.ts`.
 */
type Checker = (value: string) => string | undefined;
let checker: Checker | undefined;

export function installOpeningHoursChecker(fn: Checker): void {
  checker = fn;
}

export function openingHoursProblem(value: string): string | undefined {
  return checker?.(value);
}

export function openingHoursCheckerInstalled(): boolean {
  return checker !== undefined;
}
