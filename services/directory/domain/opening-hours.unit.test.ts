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
      expect(openState(openIntervals(hours, from), new Date('2026-11-24T09:00:00Z'))).toEqual({ openNow: true, nextOpening: null });
    });

    it('gives the afternoon opening during the lunch break, as an instant', () => {
      const from = new Date('2026-11-23T00:00:00Z');
      expect(openState(openIntervals(hours, from), new Date('2026-11-24T11:30:00Z'))).toEqual({
        openNow: false,
        nextOpening: '2026-11-24T13:00:00.000Z',
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

    it('is unknown without hours or past the stored horizon', () => {
      expect(openState(undefined, new Date())).toEqual({ openNow: null, nextOpening: null });
      const from = new Date('2026-01-05T00:00:00Z');
      expect(openState(openIntervals(hours, from, 7), new Date('2026-02-05T10:00:00Z')).openNow).toBeNull();
      expect(openIntervals('', from)).toBeUndefined();
    });
  });
});
