import OpeningHours from 'opening_hours';
import { installOpeningHoursChecker, type OpenIntervals } from './opening-hours';

/**
 * The OpenStreetMap `opening_hours` library, used where hours are written: it validates the
 * syntax and lays out the open intervals of the coming weeks (French public holidays for `PH`).
 * Importing this module installs the check into `OpeningHoursSchema`.
 */

const TIME_ZONE = 'Europe/Paris';
/** How far ahead intervals are stored; a nightly job extends it (see service.ts). */
export const HORIZON_DAYS = 35;

// The library needs a place to know which public holidays apply (PH); France's are national.
const FRANCE = { lat: 46.6, lon: 2.4, address: { country_code: 'fr', state: '' } };

function parse(value: string): OpeningHours {
  return new OpeningHours(value, FRANCE as never, { mode: 0, tag_key: 'opening_hours', warnings_severity: 4, locale: 'fr' } as never);
}

/** How to write hours, said with every refusal: the people who type them rarely know the syntax. */
export const OPENING_HOURS_HINT =
  'jours Mo Tu We Th Fr Sa Su, heures sur 24 h avec deux-points, plages séparées par une virgule, règles par un point-virgule ; PH off pour fermer les jours fériés. Exemple : « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off ».';

/**
 * A French sentence describing what is wrong with `value`, or undefined when it is valid. The
 * library's own messages are not passed on (ADR 0018): its errors are in English and quote the
 * input; its warnings come in French but quote the input too. What reaches the user is ours:
 * the rule, an example and, when the library recognised an approximation (« Lu-Ve 9h-17h »),
 * the standard form it would store.
 */
export function checkOpeningHours(value: string): string | undefined {
  let oh: OpeningHours;
  try {
    oh = parse(value);
  } catch {
    return `Horaires non reconnus : écrivez-les comme Mo-Fr 09:00-12:00 (format OpenStreetMap) — ${OPENING_HOURS_HINT}`;
  }
  // The library understands many approximations and says how to write them: we store only the
  // standard syntax, and propose it.
  if ((oh.getWarnings() as string[]).length === 0) return undefined;
  let proposed: string | undefined;
  try {
    proposed = oh.prettifyValue();
  } catch {
    proposed = undefined;
  }
  return proposed && proposed !== value.trim()
    ? `Horaires à écrire dans le format OpenStreetMap : nous avons compris « ${proposed} ». Vérifiez cette forme et enregistrez-la si elle est juste.`
    : `Horaires imprécis : précisez les heures de chaque jour (format OpenStreetMap) — ${OPENING_HOURS_HINT}`;
}

installOpeningHoursChecker(checkOpeningHours);

// The library reads and returns local wall-clock Dates of the process. We give it Dates whose
// local fields are Paris wall-clock time, then turn its answers back into real instants.
function parisParts(instant: Date): number[] {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

function toParisWallClock(instant: Date): Date {
  const [y, mo, d, h, mi, s] = parisParts(instant);
  return new Date(y, mo - 1, d, h, mi, s);
}

/** The real instant at which Paris clocks show the local fields of `wall`. */
function fromParisWallClock(wall: Date): number {
  const asUtc = Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds());
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
  if (!value.trim() || checkOpeningHours(value)) return undefined;
  const oh = parse(value);
  const until = new Date(from.getTime() + days * 86_400_000);
  const raw = oh.getOpenIntervals(toParisWallClock(from), toParisWallClock(until)) as Array<[Date, Date, boolean, string | undefined]>;
  const intervals = raw
    .filter(([, , unknown]) => !unknown)
    .map(([start, end]) => [fromParisWallClock(start), fromParisWallClock(end)] as [number, number]);
  return { intervals, until: until.getTime() };
}
