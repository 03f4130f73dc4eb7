/**
 * Our reader of OpenStreetMap opening hours against the reference library (`opening_hours`, a
 * dev dependency kept for this test only, ADR 0058): the same open intervals, to the minute,
 * for generated expressions of the subset and for hours French reception points actually write.
 */
import OpeningHours from 'opening_hours';
import { checkOpeningHours, openIntervals } from './opening-hours.check';
import { frenchPublicHolidays, parseHours } from './osm-hours';

// ---- The reference: the library as opening-hours.check.ts used it before ADR 0058 ----
const FRANCE = { lat: 46.6, lon: 2.4, address: { country_code: 'fr', state: '' } };
const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
function parisParts(instant: Date): number[] {
  const parts = PARIS.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}
function toWall(instant: Date): Date {
  const [y, mo, d, h, mi, s] = parisParts(instant) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s);
}
function fromWall(wall: Date): number {
  const asUtc = Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds());
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const [y, mo, d, h, mi, s] = parisParts(new Date(guess)) as [number, number, number, number, number, number];
    guess += asUtc - Date.UTC(y, mo - 1, d, h, mi, s);
  }
  return guess;
}
function library(value: string): OpeningHours {
  return new OpeningHours(value, FRANCE as never, { mode: 0, tag_key: 'opening_hours', warnings_severity: 4, locale: 'fr' } as never);
}
function reference(value: string, from: Date, days: number): Array<[number, number]> {
  const until = new Date(from.getTime() + days * 86_400_000);
  const raw = library(value).getOpenIntervals(toWall(from), toWall(until));
  const joined: Array<[number, number]> = [];
  for (const [start, end, unknown] of raw) {
    if (unknown) continue;
    const [a, b] = [fromWall(start), fromWall(end)];
    const last = joined[joined.length - 1];
    if (last && last[1] === a) last[1] = b;
    else joined.push([a, b]);
  }
  return joined;
}
const ours = (value: string, from: Date, days: number) => openIntervals(value, from, days)?.intervals;
const iso = (intervals: Array<[number, number]> | undefined) =>
  intervals?.map(([a, b]) => `${new Date(a).toISOString().slice(0, 16)}→${new Date(b).toISOString().slice(0, 16)}`);

// The process runs in UTC, as the Lambda functions do: the library's local dates are then wall-clock fields.
const utc = new Date(Date.UTC(2026, 0, 1)).getHours() === 0 && new Date(Date.UTC(2026, 6, 1)).getHours() === 0;

/** Starts: the clocks changing (spring and autumn), Easter, Ascension and Whit Monday weeks, Christmas to New Year, a leap February. */
const STARTS = [
  '2026-03-25T09:17:00Z',
  '2026-10-22T23:00:00Z',
  '2026-03-30T00:00:00Z', // Easter Monday 6 April 2026
  '2027-03-20T12:00:00Z', // Easter 28 March 2027, clocks change the same day
  '2026-05-01T00:00:00Z',
  '2026-12-20T00:00:00Z',
  '2028-02-10T22:30:00Z',
].map((s) => new Date(s));

// ---- Generated expressions of the subset ----
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

function generator(seed: number) {
  const r = prng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const chance = (p: number) => r() < p;
  const time = () => `${p2(int(24))}:${pick(['00', '15', '30', '45'])}`;
  /** Sorted time ranges, as people write them; the last one sometimes across midnight or to 24:00. */
  const ranges = (n: number) => {
    const cuts = Array.from({ length: 2 * n }, () => 1 + int(24 * 4 - 1)).sort((a, b) => a - b);
    const at = (q: number) => (q === 96 ? '24:00' : `${p2(Math.floor(q / 4))}:${p2((q % 4) * 15)}`);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const [a, b] = [cuts[2 * i] as number, cuts[2 * i + 1] as number];
      if (a === b) continue;
      out.push(`${at(a)}-${at(b)}`);
    }
    const last = out.length > 0 && chance(0.15);
    if (last) out[out.length - 1] = `${(out[out.length - 1] as string).slice(0, 5)}-${chance(0.3) ? '24:00' : at(int(cuts[0] as number))}`;
    if (out.length === 0) out.push(`${time()}-${chance(0.5) ? '24:00' : time()}`);
    return out;
  };
  const dayItem = () => {
    if (chance(0.12)) return 'PH';
    const a = int(7);
    if (chance(0.35)) return `${DAYS[a]}-${DAYS[(a + 1 + int(6)) % 7]}`;
    if (chance(0.15)) return `${DAYS[a]}[${pick(['1', '2', '-1', '1,3', '1-2'])}]`;
    return DAYS[a] as string;
  };
  const dateSel = () => {
    const m = int(12);
    const day = () => p2(1 + int(28));
    switch (int(6)) {
      case 0:
        return MONTHS[m] as string;
      case 1:
        return `${MONTHS[m]}-${MONTHS[int(12)]}`;
      case 2:
        return `${MONTHS[m]} ${day()}`;
      case 3:
        return `${MONTHS[m]} ${day()}-${MONTHS[int(12)]} ${day()}`;
      case 4: {
        const y = 2026 + int(2);
        return `${y} ${MONTHS[m]} ${day()}-${y + 1 + int(2)} ${MONTHS[int(12)]} ${day()}`;
      }
      default:
        return `${pick(['2026', '2027', '2026-2027'])}`;
    }
  };
  const rule = (kind: 'normal' | 'additional' | 'fallback') => {
    if (kind === 'fallback') return pick(['"sur rendez-vous"', 'unknown', `Sa ${ranges(1).join(',')}`, `PH ${ranges(1).join(',')}`]);
    const parts: string[] = [];
    if (chance(0.03) && kind === 'normal') return `24/7${chance(0.3) ? ' "sur rendez-vous"' : ''}`;
    if (chance(0.2)) parts.push(dateSel());
    if (chance(0.08)) parts.push(`week ${pick(['01-53/2', '02-52/2', '10-20', '05'])}`);
    if (chance(0.8) || kind === 'additional' || parts.length === 0) {
      const n = 1 + (chance(0.3) ? int(3) : 0);
      parts.push(Array.from({ length: n }, dayItem).join(','));
      if (chance(0.05)) parts.push('PH');
    }
    const modifier = chance(0.15) ? pick(['off', 'closed', 'open', 'unknown']) : '';
    // « Tu-Fr PH, Mo … » the library reads as one list (Tu-Fr, PH or Mo): a list ending in PH is followed by hours here.
    if (parts.at(-1)?.endsWith('PH') || (modifier !== 'off' && modifier !== 'closed' ? chance(0.9) : chance(0.3))) {
      parts.push(chance(0.04) && !modifier ? `${time()}+` : ranges(1 + int(3)).join(','));
    }
    if (modifier) parts.push(modifier);
    if (chance(0.08)) parts.push(`"${pick(['sur rendez-vous', 'permanence', 'accueil téléphonique'])}"`);
    return parts.join(' ');
  };
  return () => {
    const n = 1 + int(4);
    let value = rule('normal');
    for (let i = 1; i < n; i++) {
      const sep = i === n - 1 && chance(0.15) ? ' || ' : pick(['; ', '; ', '; ', ', ']);
      if (sep === ' || ') {
        value += sep + rule('fallback');
        break;
      }
      value += sep + rule(sep === ', ' ? 'additional' : 'normal');
    }
    return value;
  };
}

describe('our opening hours against the reference library', () => {
  it('runs in UTC, as the functions do (the reference reads wall-clock time from local dates)', () => {
    expect(utc).toBe(true);
  });

  it('knows the French public holidays the library applied, Easter-based ones included, 2024 to 2035', () => {
    for (let y = 2024; y <= 2035; y++) {
      const ph = library('PH');
      const start = new Date(Date.UTC(y, 0, 1));
      const days = ph.getOpenIntervals(start, new Date(Date.UTC(y + 1, 0, 1))).map(([a]) => Math.floor(a.getTime() / 86_400_000));
      expect([y, [...frenchPublicHolidays(y)].sort((a, b) => a - b)]).toEqual([y, days]);
    }
  });

  const generate = generator(20261207);
  // The few the library refuses (an additional rule after `24/7`…) are left out.
  const values = Array.from({ length: 300 }, generate).filter((value) => {
    try {
      library(value);
      return true;
    } catch {
      return false;
    }
  });

  it('reads every generated expression the library reads (at least 270 of 300)', () => {
    expect(values.length).toBeGreaterThanOrEqual(270);
    expect(values.filter((value) => !parseHours(value).ok)).toEqual([]);
    // Every part of the subset is drawn.
    const drawn = [
      /week \d/,
      /\[-?\d/,
      /PH/,
      /-24:00/,
      /\d\+/,
      / \|\| /,
      /, (Mo|Tu|We|Th|Fr|Sa|Su|PH|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|20\d\d)/,
      /\b(off|closed|open|unknown)\b/,
      /"/,
      /24\/7/,
      /\d{4} [A-Z][a-z]{2} \d\d-/,
      /[A-Z][a-z]{2} \d\d-[A-Z]/,
      /(\d\d):\d\d-(?!24)(\d\d):\d\d/,
    ];
    expect(drawn.filter((feature) => !values.some((value) => feature.test(value)))).toEqual([]);
    const overnight = values.filter((value) =>
      [...value.matchAll(/(\d\d):(\d\d)-(\d\d):(\d\d)/g)].some(([, a, b, c, d]) => `${c}${d}` < `${a}${b}`),
    );
    expect(overnight.length).toBeGreaterThan(20);
  });

  it.each(STARTS.map((s) => [s.toISOString(), s]))('gives the same open intervals for the generated expressions from %s', (_, from) => {
    const differing = values
      .map((value) => ({ value, ours: iso(ours(value, from as Date, 35)), library: iso(reference(value, from as Date, 35)) }))
      .filter((x) => JSON.stringify(x.ours) !== JSON.stringify(x.library));
    expect(differing.slice(0, 3)).toEqual([]);
  });

  // Hours written by French reception points (data·inclusion, the ANCT file, the Lot directory).
  const REAL = [
    'Mo-Fr 08:30-12:30; PH off',
    'Mo-Fr 09:00-12:00,14:00-17:00',
    'Mo-Fr 08:30-12:00,13:30-17:00; PH off',
    'Mo 09:00-12:30,14:00-18:00; Tu 12:30-17:00; We,Sa 09:00-12:00; Th 13:00-18:00; Fr 09:00-14:00; PH off',
    'Mo,Th 09:00-12:00,13:30-16:30; PH off',
    'Tu,Th 14:00-16:30',
    'Tu 09:00-12:00; PH off',
    'week 1-53/2 Tu 09:00-12:00',
    'week 01-53/2 Th 14:00-17:00; PH off',
    'Mo-Fr 09:00-12:00; Mo[1] 14:00-16:00',
    'We[-1] 09:00-12:00',
    'Mo-Fr 08:00-18:00; Sa 09:00-12:00; Su,PH off',
    'Mo-Sa 09:00-19:00; Su 10:00-13:00; PH off; Dec 25 off; Jan 01 off',
    'Mo-Fr 09:00-17:00; Aug off',
    'Mo-Fr 09:00-12:00; Jul 14-Aug 15 Mo-Fr 09:00-11:00; PH off',
    'Sep-Jun Mo-Fr 08:30-12:00,13:30-17:30; Jul-Aug Mo-Fr 09:00-12:00; PH off',
    'Mo-Fr 08:30-12:00,13:30-17:00; PH off; 2026 Dec 24-2027 Jan 02 off',
    'Mo-Fr 09:00-12:00; 2026 Dec 24 off',
    'Fr 20:00-24:00; Sa 00:00-02:00',
    'Mo-Su 22:00-02:00',
    'Fr-Sa 22:00-06:00; PH off',
    '24/7',
    '24/7; PH off',
    'Mo-Fr 09:00-12:00 "sur rendez-vous l’après-midi"',
    'Mo-Fr 09:00-12:00 open "sur rendez-vous l’après-midi"',
    'Mo-Fr 09:00-12:00; We 14:00-17:00 "sur rendez-vous"',
    'Mo-Fr 09:00-12:00 || "sur rendez-vous"',
    'Mo-Fr 09:00-12:00, We 14:00-16:00',
    'Mo-Fr 09:00-17:00; We 12:00-14:00 off',
    'Mo-Fr 09:00-18:00+',
    'Mo-Fr 09:00-12:00; PH 10:00-12:00',
    'Mo-Fr,PH 09:00-12:00',
    'Mo-Fr 9:00-12:00',
    'mo-fr 09:00-12:00 ; sa 10:00-12:00',
    'Mo - Fr 09:00 - 12:00, 14:00 - 17:00',
    'Mo-Fr 00:00-24:00',
    'off',
    'Mo-Fr 09:00-12:00 unknown',
    // The library warned about these (and the check refused them); they are now accepted as written.
    'Fr 22:00-02:00; Sa 10:00-12:00',
    'Mo-Fr 09:00-12:00, PH off',
    '10:00-12:00; 14:00-16:00',
  ];

  it.each(REAL)('accepts « %s » and gives the library’s open intervals', (value) => {
    expect(checkOpeningHours(value)).toBeUndefined();
    for (const from of STARTS) expect(iso(ours(value, from, 35))).toEqual(iso(reference(value, from, 35)));
  });

  it.each([
    ['Lu-Ve 9h-17h', 'Mo-Fr 09:00-17:00'],
    ['Lun-Ven 9h-12h', 'Mo-Fr 09:00-12:00'],
    ['Lu, Me, Ve 9h-12h', 'Mo,We,Fr 09:00-12:00'],
    ['lundi-vendredi 09:00-12:00', 'Mo-Fr 09:00-12:00'],
    ['Lundi au vendredi 9h-12h', 'Mo-Fr 09:00-12:00'],
    ['Mo-Fr 9h30-12h', 'Mo-Fr 09:30-12:00'],
    ['Mo-Fr 9-12', 'Mo-Fr 09:00-12:00'],
    ['Lu-Ve 9h à 12h', 'Mo-Fr 09:00-12:00'],
    ['Mo-Fr 09:00-12:00 et 14:00-17:00', 'Mo-Fr 09:00-12:00,14:00-17:00'],
    ['Lu-Ve 9h-12h et 14h-17h; Sa 9h-12h; PH fermé', 'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off'],
    ['Mo-Fr 09:00-12:00; août off', 'Mo-Fr 09:00-12:00; Aug off'],
    ['Mo-Fr 09:00-12:00;', 'Mo-Fr 09:00-12:00'],
  ])('proposes the standard form of « %s »: « %s », which it accepts', (value, standard) => {
    expect(checkOpeningHours(value)).toBe(
      `Horaires à écrire dans le format OpenStreetMap : nous avons compris « ${standard} ». Vérifiez cette forme et enregistrez-la si elle est juste.`,
    );
    expect(checkOpeningHours(standard)).toBeUndefined();
    // Nothing is stored for hours that are not in the standard form.
    expect(openIntervals(value, STARTS[0] as Date)).toBeUndefined();
  });

  it.each([
    'du lundi au vendredi de 9h à 12h',
    'le mardi matin',
    'tous les jours',
    'Mo-Fr 25:00-26:00',
    'Mo-Fr 09:00',
    'Mo-Fr 12:60-13:00',
    'Mo-Fr 09:00-12:00;;',
    'Dec 32 off',
    'Mo[6] 10:00-12:00',
  ])('refuses « %s » as not recognised', (value) => {
    expect(checkOpeningHours(value)).toMatch(/^Horaires non reconnus : écrivez-les comme Mo-Fr 09:00-12:00 \(format OpenStreetMap\)/);
    expect(openIntervals(value, STARTS[0] as Date)).toBeUndefined();
  });

  it.each([
    ['sunrise-sunset', /le lever et le coucher du soleil/],
    ['Mo-Fr 09:00-sunset', /le lever et le coucher du soleil/],
    ['Mo-Fr 09:00-12:00; SH off', /les vacances scolaires \(SH\)/],
    ['easter off', /Pâques comme date/],
    ['Mo[1] +2 days 10:00-12:00', /les décalages en jours/],
  ])('refuses valid OpenStreetMap outside what Relais computes: « %s »', (value, what) => {
    const problem = checkOpeningHours(value) ?? '';
    expect(problem).toMatch(/^Horaires non pris en charge : Relais ne sait pas calculer /);
    expect(problem).toMatch(what);
    expect(problem).not.toMatch(/sunrise|sunset|easter|SH off/);
  });
});
