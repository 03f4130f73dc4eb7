import { parisDay } from '../../web/src/labels';

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
