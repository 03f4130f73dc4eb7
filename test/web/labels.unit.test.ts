import { openingStatus, parisDay } from '../../web/src/labels';

describe('parisDay', () => {
  it('gives the Paris date, not the UTC one, just after midnight in Paris (winter and summer)', () => {
    expect(parisDay(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
    expect(parisDay(new Date('2026-07-14T22:15:00Z'))).toBe('2026-07-15');
  });

  it('gives the same date as UTC in the middle of the day', () => {
    expect(parisDay(new Date('2026-12-06T12:00:00Z'))).toBe('2026-12-06');
    expect(parisDay(new Date('2026-12-06T22:59:59Z'))).toBe('2026-12-06');
  });
});

describe('openingStatus (fixed clock, Paris time)', () => {
  // Tuesday 24 November 2026, 10:00 in Paris (winter time, UTC+1).
  const tuesday = new Date('2026-11-24T09:00:00Z');

  it('says until when an open place stays open', () => {
    expect(openingStatus({ openNow: true, nextOpening: null, closesAt: '2026-11-24T16:00:00.000Z' }, tuesday)).toBe('Ouvert jusqu’à 17 h');
    expect(openingStatus({ openNow: true, nextOpening: null, closesAt: '2026-11-24T11:30:00.000Z' }, tuesday)).toBe(
      'Ouvert jusqu’à 12 h 30',
    );
    expect(openingStatus({ openNow: true, nextOpening: null, closesAt: '2026-11-24T23:00:00.000Z' }, tuesday)).toBe(
      'Ouvert jusqu’à minuit',
    );
    expect(openingStatus({ openNow: true, nextOpening: null, closesAt: '2026-11-25T01:00:00.000Z' }, tuesday)).toBe(
      'Ouvert jusqu’à demain 2 h',
    );
    expect(openingStatus({ openNow: true, nextOpening: null, closesAt: null }, tuesday)).toBe('Ouvert maintenant');
  });

  it('says when a closed place opens again: later today, tomorrow, a weekday', () => {
    expect(openingStatus({ openNow: false, nextOpening: '2026-11-24T13:00:00.000Z' }, tuesday)).toBe('Fermé · ouvre aujourd’hui à 14 h');
    expect(openingStatus({ openNow: false, nextOpening: '2026-11-25T07:30:00.000Z' }, tuesday)).toBe('Fermé · ouvre demain à 8 h 30');
    expect(openingStatus({ openNow: false, nextOpening: '2026-11-27T07:30:00.000Z' }, tuesday)).toBe('Fermé · ouvre vendredi à 8 h 30');
    expect(openingStatus({ openNow: false, nextOpening: null }, tuesday)).toBe('Fermé');
    expect(openingStatus({ openNow: null, nextOpening: null }, tuesday)).toBeNull();
  });

  it('reads the hours in Paris time on the days the clocks change', () => {
    // Sunday 29 March 2026, 09:00 in Paris (summer time since 02:00): 15:00 UTC is 17 h.
    expect(
      openingStatus({ openNow: true, nextOpening: null, closesAt: '2026-03-29T15:00:00.000Z' }, new Date('2026-03-29T07:00:00Z')),
    ).toBe('Ouvert jusqu’à 17 h');
    // Saturday 28 March, 20:00 in Paris (winter time): Monday 30 March 06:30 UTC is 8 h 30 in summer time.
    expect(openingStatus({ openNow: false, nextOpening: '2026-03-30T06:30:00.000Z' }, new Date('2026-03-28T19:00:00Z'))).toBe(
      'Fermé · ouvre lundi à 8 h 30',
    );
    // Sunday 25 October 2026, 08:00 in Paris (winter time again since 03:00): 07:30 UTC is 8 h 30.
    expect(openingStatus({ openNow: false, nextOpening: '2026-10-25T07:30:00.000Z' }, new Date('2026-10-25T07:00:00Z'))).toBe(
      'Fermé · ouvre aujourd’hui à 8 h 30',
    );
  });
});
