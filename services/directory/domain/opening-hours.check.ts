import { installOpeningHoursChecker, type OpenIntervals } from './opening-hours';
import { openWallIntervals, parseHours } from './osm-hours';

/**
 * Where hours are written: the syntax check, and the open intervals of the coming weeks (French
 * public holidays for `PH`), with our own reader of the OpenStreetMap syntax (`osm-hours.ts`,
 * ADR 0058; the reference library weighed 775 KB). Importing this module installs the check into
 * `OpeningHoursSchema`.
 */

const TIME_ZONE = 'Europe/Paris';
/** How far ahead intervals are stored; a nightly job extends it (see service.ts). */
export const HORIZON_DAYS = 35;

/** How to write hours, said with every refusal: the people who type them rarely know the syntax. */
export const OPENING_HOURS_HINT =
  'jours Mo Tu We Th Fr Sa Su, heures sur 24 h avec deux-points, plages séparées par une virgule, règles par un point-virgule ; PH off pour fermer les jours fériés. Exemple : « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off ».';

/**
 * A French sentence describing what is wrong with `value`, or undefined when it is valid. It
 * never quotes the input (ADR 0018): the rule, an example and, when the value is a French
 * approximation we understood (« Lu-Ve 9h-17h »), the standard form to store. Valid
 * OpenStreetMap we do not compute (sun times, school holidays…) is refused by name (ADR 0058).
 */
export function checkOpeningHours(value: string): string | undefined {
  const parsed = parseHours(value);
  if (!parsed.ok)
    return parsed.unsupported
      ? `Horaires non pris en charge : Relais ne sait pas calculer ${parsed.unsupported} ; indiquez des jours et des heures fixes (format OpenStreetMap) — ${OPENING_HOURS_HINT}`
      : `Horaires non reconnus : écrivez-les comme Mo-Fr 09:00-12:00 (format OpenStreetMap) — ${OPENING_HOURS_HINT}`;
  if (!parsed.approximated) return undefined;
  // We store only the standard syntax, and propose it.
  return parsed.standard !== value.trim()
    ? `Horaires à écrire dans le format OpenStreetMap : nous avons compris « ${parsed.standard} ». Vérifiez cette forme et enregistrez-la si elle est juste.`
    : `Horaires imprécis : précisez les heures de chaque jour (format OpenStreetMap) — ${OPENING_HOURS_HINT}`;
}

installOpeningHoursChecker(checkOpeningHours);

// The hours are read in Paris wall-clock time, written as UTC epoch milliseconds; the intervals
// found are turned back into real instants.
let parisFormat: Intl.DateTimeFormat | undefined;

function parisParts(instant: Date): number[] {
  parisFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts = parisFormat.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

function toParisWallClock(instant: Date): number {
  const [y, mo, d, h, mi, s] = parisParts(instant) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** The real instant at which Paris clocks show the local fields of `wall`. */
function fromParisWallClock(asUtc: number): number {
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const [y, mo, d, h, mi, s] = parisParts(new Date(guess));
    const shown = Date.UTC(y, mo - 1, d, h, mi, s);
    guess += asUtc - shown;
  }
  return guess;
}

/** Open intervals from `from` for HORIZON_DAYS; undefined for empty or invalid hours. */
export function openIntervals(value: string, from: Date, days = HORIZON_DAYS): OpenIntervals | undefined {
  if (!value.trim()) return undefined;
  const parsed = parseHours(value);
  if (!parsed.ok || parsed.approximated) return undefined;
  const until = new Date(from.getTime() + days * 86_400_000);
  const intervals = openWallIntervals(parsed.rules, toParisWallClock(from), toParisWallClock(until)).map(
    ([start, end]) => [fromParisWallClock(start), fromParisWallClock(end)] as [number, number],
  );
  return { intervals, until: until.getTime() };
}
