import { checkOpeningHours, openIntervals } from './opening-hours.check';
import { openState, openingHoursCheckerInstalled, openingHoursProblem } from './opening-hours';

describe('opening hours', () => {
  describe('syntax check (reference library)', () => {
    it('accepts the usual forms, public holidays included', () => {
      for (const value of ['Mo-Fr 08:30-12:30; PH off', 'Mo-Fr 09:00-12:00,14:00-17:00', 'Tu,Th 14:00-16:30', '24/7']) {
        expect(checkOpeningHours(value)).toBeUndefined();
      }
    });

    it('explains, in French, what is wrong', () => {
      expect(checkOpeningHours('du lundi au vendredi')).toMatch(/^Horaires non reconnus/);
      expect(checkOpeningHours('Mo-Fr 25:00-26:00')).toMatch(/Horaires non reconnus/);
    });

    it('never passes on the library’s English message nor quotes the input', () => {
      const problem = checkOpeningHours('du lundi au vendredi de 9h à 12h') ?? '';
      expect(problem).toMatch(/^Horaires non reconnus : écrivez-les comme Mo-Fr 09:00-12:00 \(format OpenStreetMap\)/);
      expect(problem).not.toMatch(/Token|ambiguous|canonical|locale|<---/);
      expect(problem).not.toMatch(/lundi|vendredi/);
    });

    it('refuses approximations the library understands, proposing the standard form', () => {
      const problem = checkOpeningHours('Lu-Ve 9h-17h');
      expect(problem).toMatch(/nous avons compris « Mo-Fr 09:00-17:00 »/);
      expect(problem).not.toMatch(/Lu-Ve|9h/);
    });

    it('is installed into the schema check by importing the library module', () => {
      expect(openingHoursCheckerInstalled()).toBe(true);
      expect(openingHoursProblem('n’importe quoi')).toMatch(/Horaires non reconnus/);
    });
  });

  describe('open now and next opening, in Paris time', () => {
    // Tuesday 24 November 2026 (winter time: Paris = UTC+1).
    const hours = 'Mo-Fr 09:00-12:00,14:00-17:00; PH off';

    it('is open on a Tuesday at 10:00 in Paris (09:00 UTC)', () => {
      const from = new Date('2026-11-23T00:00:00Z');
      expect(openState(openIntervals(hours, from), new Date('2026-11-24T09:00:00Z'))).toEqual({
        openNow: true,
        nextOpening: null,
        closesAt: '2026-11-24T11:00:00.000Z',
      });
    });

    it('gives the afternoon opening during the lunch break, as an instant', () => {
      const from = new Date('2026-11-23T00:00:00Z');
      expect(openState(openIntervals(hours, from), new Date('2026-11-24T11:30:00Z'))).toEqual({
        openNow: false,
        nextOpening: '2026-11-24T13:00:00.000Z',
        closesAt: null,
      });
    });

    it('skips the weekend and a public holiday (Friday 25 December 2026)', () => {
      const from = new Date('2026-12-20T00:00:00Z');
      const intervals = openIntervals(hours, from);
      // Thursday 24 at 18:00 Paris: Friday 25 is Christmas, then the weekend, so Monday 28 09:00.
      expect(openState(intervals, new Date('2026-12-24T17:00:00Z')).nextOpening).toBe('2026-12-28T08:00:00.000Z');
    });

    it('follows summer time (Paris = UTC+2 in July)', () => {
      const from = new Date('2026-07-01T00:00:00Z');
      expect(openState(openIntervals(hours, from), new Date('2026-07-01T06:30:00Z')).nextOpening).toBe('2026-07-01T07:00:00.000Z');
    });

    describe('on the days the clocks change (fixed clock)', () => {
      const daily = 'Mo-Su 08:30-17:00';

      it('closes at 17:00 Paris on Sunday 29 March 2026, the first day of summer time (15:00 UTC, not 16:00)', () => {
        const from = new Date('2026-03-27T00:00:00Z');
        // 09:00 in Paris, UTC+2 since 02:00 that night.
        expect(openState(openIntervals(daily, from), new Date('2026-03-29T07:00:00Z'))).toEqual({
          openNow: true,
          nextOpening: null,
          closesAt: '2026-03-29T15:00:00.000Z',
        });
        // The day before, still winter time: 17:00 Paris is 16:00 UTC.
        expect(openState(openIntervals(daily, from), new Date('2026-03-28T10:00:00Z')).closesAt).toBe('2026-03-28T16:00:00.000Z');
      });

      it('opens at 08:30 Paris on Sunday 25 October 2026, back to winter time (07:30 UTC)', () => {
        const from = new Date('2026-10-23T00:00:00Z');
        // 08:00 in Paris (UTC+1 since 03:00 that night): not open yet.
        expect(openState(openIntervals(daily, from), new Date('2026-10-25T07:00:00Z'))).toEqual({
          openNow: false,
          nextOpening: '2026-10-25T07:30:00.000Z',
          closesAt: null,
        });
      });

      it('joins back-to-back intervals across midnight into one closing time', () => {
        const intervals = openIntervals('Fr 20:00-24:00; Sa 00:00-02:00', new Date('2026-11-23T00:00:00Z'));
        // Friday 27 November 22:00 Paris: open until Saturday 02:00 Paris (01:00 UTC).
        expect(openState(intervals, new Date('2026-11-27T21:00:00Z')).closesAt).toBe('2026-11-28T01:00:00.000Z');
      });

      it('says nothing of the closing time when open to the end of what is known', () => {
        expect(openState(openIntervals('24/7', new Date('2026-11-23T00:00:00Z'), 7), new Date('2026-11-24T09:00:00Z'))).toEqual({
          openNow: true,
          nextOpening: null,
          closesAt: null,
        });
      });
    });

    it('is unknown without hours or past the stored horizon', () => {
      expect(openState(undefined, new Date())).toEqual({ openNow: null, nextOpening: null, closesAt: null });
      const from = new Date('2026-01-05T00:00:00Z');
      expect(openState(openIntervals(hours, from, 7), new Date('2026-02-05T10:00:00Z')).openNow).toBeNull();
      expect(openIntervals('', from)).toBeUndefined();
    });
  });
});
