import { easterSunday, frenchPublicHolidays, publicHoliday } from '../../../shared/calendar/holidays';
import { AvailabilitySchema } from './availability';
import { escapeText, fold, toIcs } from './ics';
import { fromParis, parisIso, toParis } from './paris-time';
import { checkSlot, freeSlots, takenKey } from './slots';

describe('Paris wall time', () => {
  it('follows the offset of winter and summer', () => {
    expect(parisIso(new Date('2026-01-15T08:30:00Z'))).toBe('2026-01-15T09:30:00+01:00');
    expect(parisIso(new Date('2026-07-15T07:30:00Z'))).toBe('2026-07-15T09:30:00+02:00');
    expect(toParis(new Date('2026-03-31T07:30:00Z'))).toMatchObject({ date: '2026-03-31', time: '09:30', weekday: 2, offsetMinutes: 120 });
  });

  it('has no instant for the hour skipped in March, and the first of the two in October', () => {
    expect(fromParis('2026-03-29', '02:30')).toBeUndefined();
    expect(fromParis('2026-03-29', '03:00')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(fromParis('2026-10-25', '02:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromParis('2026-10-25', '09:00')?.toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(fromParis('2026-10-24', '09:00')?.toISOString()).toBe('2026-10-24T07:00:00.000Z');
  });
});

describe('public holidays', () => {
  it('computes Easter and the holidays that follow it', () => {
    expect(['2024', '2025', '2026', '2027', '2038'].map((y) => easterSunday(Number(y)))).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ]);
    expect(publicHoliday('2026-04-06')).toBe('Lundi de Pâques');
    expect(publicHoliday('2026-05-14')).toBe('Ascension');
    expect(publicHoliday('2026-05-25')).toBe('Lundi de Pentecôte');
    expect(publicHoliday('2026-07-14')).toBe('Fête nationale');
    expect(publicHoliday('2026-07-15')).toBeUndefined();
    expect(frenchPublicHolidays(2026).size).toBe(11);
  });
});

const tuesdays = AvailabilitySchema.parse({
  ranges: [{ weekday: 2, from: '09:00', to: '11:00', slotMinutes: 30, capacity: 2 }],
  minNoticeHours: 24,
  horizonDays: 30,
});

describe('free slots', () => {
  const sunday = new Date('2026-03-22T10:00:00Z');

  it('cuts each range into slots that keep their wall-clock time across the change to summer time', () => {
    const slots = freeSlots(tuesdays, new Map(), { from: '2026-03-22', to: '2026-04-01', now: sunday });
    expect(slots.map((s) => s.start)).toEqual([
      '2026-03-24T09:00:00+01:00',
      '2026-03-24T09:30:00+01:00',
      '2026-03-24T10:00:00+01:00',
      '2026-03-24T10:30:00+01:00',
      '2026-03-31T09:00:00+02:00',
      '2026-03-31T09:30:00+02:00',
      '2026-03-31T10:00:00+02:00',
      '2026-03-31T10:30:00+02:00',
    ]);
    expect(slots[0]).toEqual({ start: '2026-03-24T09:00:00+01:00', end: '2026-03-24T09:30:00+01:00', channel: 'site', remaining: 2 });
  });

  it('leaves out what is full, too soon, beyond the horizon, closed or a public holiday', () => {
    const nineThirty = Date.parse('2026-03-31T09:30:00+02:00');
    const taken = new Map([
      [takenKey(nineThirty, 'site'), 2],
      [takenKey(Date.parse('2026-03-31T10:00:00+02:00'), 'site'), 1],
    ]);
    const availability = { ...tuesdays, exceptions: [{ from: '2026-04-14', to: '2026-04-14', reason: 'Formation' }] };
    // Monday 30 March at 10:00 Paris: 24 hours of notice leave out Tuesday 9:00 and 9:30.
    const now = new Date('2026-03-30T08:00:00Z');
    const slots = freeSlots(availability, taken, { from: '2026-03-30', to: '2026-12-31', now });
    const starts = slots.map((s) => s.start);
    expect(starts.slice(0, 2)).toEqual(['2026-03-31T10:00:00+02:00', '2026-03-31T10:30:00+02:00']);
    expect(slots[0]?.remaining).toBe(1);
    expect(starts.some((s) => s.startsWith('2026-04-07'))).toBe(true);
    expect(starts.some((s) => s.startsWith('2026-04-14'))).toBe(false); // closed for training
    expect(starts.at(-1)?.slice(0, 10)).toBe('2026-04-28'); // horizon: 30 days
    // Easter Monday is not a Tuesday: a Monday range shows the holiday away.
    const mondays = AvailabilitySchema.parse({ ranges: [{ weekday: 1, from: '14:00', to: '15:00', slotMinutes: 60 }], minNoticeHours: 0 });
    const mondayStarts = freeSlots(mondays, new Map(), { from: '2026-03-30', to: '2026-04-14', now }).map((s) => s.start.slice(0, 10));
    expect(mondayStarts).toEqual(['2026-03-30', '2026-04-13']);
  });

  it('pages: a limit, then the slots after the last one given', () => {
    const first = freeSlots(tuesdays, new Map(), { from: '2026-03-23', to: '2026-04-30', now: sunday, limit: 3 });
    expect(first).toHaveLength(3);
    const next = freeSlots(tuesdays, new Map(), {
      from: '2026-03-23',
      to: '2026-04-30',
      now: sunday,
      limit: 3,
      after: Date.parse(first[2]!.start),
    });
    expect(next[0]?.start).toBe('2026-03-24T10:30:00+01:00');
  });

  it('says why a start is not a slot', () => {
    const now = new Date('2026-03-30T08:00:00Z');
    expect(checkSlot(tuesdays, new Date('2026-03-31T10:00:00+02:00'), undefined, now)).toMatchObject({ ok: true, capacity: 2 });
    expect(checkSlot(tuesdays, new Date('2026-03-31T09:00:00+02:00'), undefined, now)).toEqual({ ok: false, why: 'too-soon' });
    expect(checkSlot(tuesdays, new Date('2026-03-24T09:00:00+01:00'), undefined, now)).toEqual({ ok: false, why: 'past' });
    expect(checkSlot(tuesdays, new Date('2026-03-31T10:15:00+02:00'), undefined, now)).toEqual({ ok: false, why: 'not-offered' });
    expect(checkSlot(tuesdays, new Date('2026-03-31T10:00:00+02:00'), 'phone', now)).toEqual({ ok: false, why: 'not-offered' });
    expect(checkSlot(tuesdays, new Date('2026-06-30T10:00:00+02:00'), undefined, now)).toEqual({ ok: false, why: 'too-far' });
  });
});

describe('availability', () => {
  it('names every bad field', () => {
    const result = AvailabilitySchema.safeParse({
      ranges: [
        { weekday: 8, from: '9h', to: '11:00', slotMinutes: 30 },
        { weekday: 2, from: '11:00', to: '10:00', slotMinutes: 30 },
        { weekday: 3, from: '09:00', to: '09:20', slotMinutes: 30 },
        { weekday: 3, from: '09:10', to: '10:00', slotMinutes: 10 },
      ],
      exceptions: [{ from: '2026-05-02', to: '2026-05-01', reason: 'Fermeture' }],
      horizonDays: 0,
    });
    const paths = (result.error?.issues ?? []).map((i) => i.path.join('.')).sort();
    expect(paths).toEqual([
      'exceptions.0.to',
      'horizonDays',
      'ranges.0.from',
      'ranges.0.weekday',
      'ranges.1.to',
      'ranges.2.slotMinutes',
      'ranges.3.from',
    ]);
  });
});

describe('calendar file', () => {
  const event = {
    uid: '01JAPPOINTMENT@relais',
    start: new Date('2026-03-31T07:30:00Z'),
    end: new Date('2026-03-31T08:00:00Z'),
    stamp: new Date('2026-03-20T10:00:00Z'),
    summary: 'Rendez-vous à la CAF du Lot',
    location: '304 rue Victor Hugo, 46000 Cahors',
    description: 'Apportez : pièce d’identité; justificatif de domicile, dernier avis d’imposition.\nDurée : 30 minutes.',
  };

  it('is read back field by field (unfolded, unescaped)', () => {
    const text = toIcs(event);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    const unfolded = text.replace(/\r\n /g, '');
    const fields = Object.fromEntries(
      unfolded
        .split('\r\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
    );
    expect(fields).toMatchObject({ DTSTART: '20260331T073000Z', DTEND: '20260331T080000Z', UID: event.uid, STATUS: 'CONFIRMED' });
    const unescapeText = (v: string) => v.replace(/\\n/g, '\n').replace(/\\([;,\\])/g, '$1');
    expect(unescapeText(fields.DESCRIPTION ?? '')).toBe(event.description);
    expect(unescapeText(fields.LOCATION ?? '')).toBe(event.location);
    expect(toIcs({ ...event, cancelled: true, sequence: 2 })).toMatch(/METHOD:CANCEL\r\n[\s\S]*SEQUENCE:2\r\n[\s\S]*STATUS:CANCELLED/);
  });

  it('folds without cutting a character in two', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const folded = fold(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    expect(folded.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(folded.join('').replace(/ /g, '')).toBe(line);
    expect(escapeText('a;b,c\\d')).toBe('a\\;b\\,c\\\\d');
  });
});
