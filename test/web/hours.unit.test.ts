/**
 * The hours editor's model and the OSM `opening_hours` string: written with identical
 * consecutive days grouped, read back when the editor can say it, refused (null) otherwise;
 * every string written is accepted by the server's check (the reference library).
 */
import { checkOpeningHours } from '../../services/directory/domain/opening-hours.check';
import { emptyHours, fromOsm, type HoursModel, hoursProblems, type TimeRange, toOsm } from '../../web/src/directory/hours';

const r = (start: string, end: string): TimeRange => ({ start, end });
const DAY = [r('08:30', '12:00'), r('13:30', '17:00')];

function week(days: Array<TimeRange[] | undefined>, extra: Partial<HoursModel> = {}): HoursModel {
  return { ...emptyHours(), days: Array.from({ length: 7 }, (_, i) => days[i] ?? []), ...extra };
}

describe('opening hours: model ↔ OSM string', () => {
  const table: Array<[string, HoursModel, string]> = [
    ['nothing given', emptyHours(), ''],
    [
      'weekdays, two ranges, holidays closed',
      week([DAY, DAY, DAY, DAY, DAY], { holidaysClosed: true }),
      'Mo-Fr 08:30-12:00,13:30-17:00; PH off',
    ],
    [
      'weekdays then a Saturday morning',
      week([DAY, DAY, DAY, DAY, DAY, [r('09:00', '12:00')]], { holidaysClosed: true }),
      'Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off',
    ],
    ['single days apart', week([[r('09:00', '12:00')], undefined, [r('09:00', '12:00')]]), 'Mo 09:00-12:00; We 09:00-12:00'],
    ['two days grouped', week([undefined, [r('14:00', '16:30')], [r('14:00', '16:30')]]), 'Tu-We 14:00-16:30'],
    ['every day', week(Array.from({ length: 7 }, () => [r('10:00', '18:00')])), 'Mo-Su 10:00-18:00'],
    [
      'closures by date range and by single day',
      week([[r('09:00', '12:00')]], {
        holidaysClosed: true,
        closures: [
          { from: '2026-12-24', to: '2026-12-26' },
          { from: '2027-01-02', to: '2027-01-02' },
        ],
      }),
      'Mo 09:00-12:00; PH off; 2026 Dec 24-2026 Dec 26 off; 2027 Jan 02 off',
    ],
    ['holidays only', week([], { holidaysClosed: true }), 'PH off'],
  ];

  it.each(table)('writes %s', (_name, model, osm) => {
    expect(toOsm(model)).toBe(osm);
  });

  it.each(table)('reads back %s', (_name, model, osm) => {
    expect(fromOsm(osm)).toEqual(model);
  });

  it.each(table.filter(([, , osm]) => osm !== ''))('writes what the server accepts: %s', (_name, model) => {
    expect(checkOpeningHours(toOsm(model))).toBeUndefined();
  });

  it('reads day lists and spaces around semicolons', () => {
    expect(fromOsm('Mo,We-Th 09:00-12:00 ;PH off')).toEqual(
      week([[r('09:00', '12:00')], undefined, [r('09:00', '12:00')], [r('09:00', '12:00')]], { holidaysClosed: true }),
    );
  });

  it.each([
    ['24/7'],
    ['Mo-Fr 09:00-12:00; Mo 14:00-16:00'], // a day said twice: the later rule wins in OSM
    ['PH off; Mo-Fr 09:00-12:00'], // a weekday rule after PH reopens the holidays
    ['PH 10:00-12:00'],
    ['Jan-Jun Mo-Fr 09:00-12:00'],
    ['Mo-Fr 09:00-24:00'],
    ['Mo-Fr 18:00-02:00'],
    ['Fr-Mo 09:00-12:00'],
    ['Mo-Fr 9h-12h'],
    ['2026 Dec 26-2026 Dec 24 off'],
  ])('leaves %s to the text field (null)', (osm) => {
    expect(fromOsm(osm)).toBeNull();
  });

  it('says what is wrong, in French, and writes a half-filled range so the server refuses it', () => {
    const model = week([[r('08:30', '')], [r('12:00', '09:00')], [r('09:00', '12:00'), r('11:00', '14:00')]], {
      closures: [
        { from: '', to: '' },
        { from: '2026-12-26', to: '2026-12-24' },
      ],
    });
    expect(hoursProblems(model)).toEqual([
      'Lundi : indiquez l’heure de début et l’heure de fin.',
      'Mardi : l’heure de fin doit être après l’heure de début.',
      'Mercredi : les plages 09:00–12:00 et 11:00–14:00 se chevauchent.',
      'Fermeture 1 : indiquez la date de début.',
      'Fermeture 2 : la date de fin doit être le jour du début ou après.',
    ]);
    expect(checkOpeningHours(toOsm(week([[r('08:30', '')]])))).toMatch(/^Horaires/);
    expect(hoursProblems(week([DAY, DAY], { holidaysClosed: true }))).toEqual([]);
  });
});
