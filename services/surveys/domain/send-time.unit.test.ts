import { nextAllowedTime, parisTime } from '../../../shared/sms/send-time';
import { surveySendTime } from './send-time';

const DEFAULT = { quietHours: { start: '20:00', end: '09:00' }, quietDays: ['sun'] as const };
const NONE = { quietHours: null, quietDays: [] as const };
const iso = (d: Date) => d.toISOString();

describe('surveySendTime (Europe/Paris)', () => {
  it('sends after the delay when that time is allowed', () => {
    // Tuesday 24 November 2026, 10:00 in Paris (UTC+1).
    expect(iso(surveySendTime(new Date('2026-11-24T09:00:00Z'), 60, DEFAULT))).toBe('2026-11-24T10:00:00.000Z');
  });

  it('with no delay and no quiet hours, sends at once, even at night or on Sunday', () => {
    const sundayNight = new Date('2026-11-29T22:30:00Z');
    expect(iso(surveySendTime(sundayNight, 0, NONE))).toBe(iso(sundayNight));
  });

  it('at 21:00 on a weekday, a due survey waits until 09:00 the next morning', () => {
    // Wednesday 25 November 2026, 21:00 Paris = 20:00 UTC → Thursday 09:00 Paris = 08:00 UTC.
    expect(iso(surveySendTime(new Date('2026-11-25T20:00:00Z'), 0, DEFAULT))).toBe('2026-11-26T08:00:00.000Z');
  });

  it('early in the morning, waits until 09:00 the same day', () => {
    expect(iso(surveySendTime(new Date('2026-11-26T05:30:00Z'), 0, DEFAULT))).toBe('2026-11-26T08:00:00.000Z');
  });

  it('the delay can carry a survey into the quiet hours', () => {
    // Friday 19:30 Paris + 60 min = 20:30 → Saturday 09:00.
    expect(iso(surveySendTime(new Date('2026-11-27T18:30:00Z'), 60, DEFAULT))).toBe('2026-11-28T08:00:00.000Z');
  });

  it('on a Sunday, waits until Monday 09:00', () => {
    // Sunday 29 November 2026, 11:00 Paris.
    expect(iso(surveySendTime(new Date('2026-11-29T10:00:00Z'), 0, DEFAULT))).toBe('2026-11-30T08:00:00.000Z');
  });

  it('on Saturday evening, skips the Sunday: Monday 09:00', () => {
    expect(iso(surveySendTime(new Date('2026-11-28T20:00:00Z'), 0, DEFAULT))).toBe('2026-11-30T08:00:00.000Z');
  });

  it('at 20:00 sharp the quiet hours have begun; at 09:00 sharp they are over', () => {
    expect(iso(nextAllowedTime(new Date('2026-11-24T19:00:00Z'), DEFAULT))).toBe('2026-11-25T08:00:00.000Z');
    expect(iso(nextAllowedTime(new Date('2026-11-25T08:00:00Z'), DEFAULT))).toBe('2026-11-25T08:00:00.000Z');
    expect(iso(nextAllowedTime(new Date('2026-11-24T18:59:00Z'), DEFAULT))).toBe('2026-11-24T18:59:00.000Z');
  });

  it('follows summer time: 09:00 Paris is 07:00 UTC in July', () => {
    // Tuesday 14 July 2026, 22:00 Paris = 20:00 UTC.
    expect(iso(surveySendTime(new Date('2026-07-14T20:00:00Z'), 0, DEFAULT))).toBe('2026-07-15T07:00:00.000Z');
  });

  it('across the spring change (Sunday 29 March 2026), Monday 09:00 is in summer time', () => {
    // Saturday 28 March 2026, 21:00 Paris (UTC+1) → Monday 30 March 09:00 Paris (UTC+2).
    expect(iso(surveySendTime(new Date('2026-03-28T20:00:00Z'), 0, DEFAULT))).toBe('2026-03-30T07:00:00.000Z');
  });

  it('across the autumn change (Sunday 25 October 2026), Monday 09:00 is in winter time', () => {
    expect(iso(surveySendTime(new Date('2026-10-24T19:30:00Z'), 0, DEFAULT))).toBe('2026-10-26T08:00:00.000Z');
  });

  it('does not depend on the server’s time zone: the Paris day decides (23:30 UTC Saturday is Sunday in Paris)', () => {
    expect(iso(nextAllowedTime(new Date('2026-11-28T23:30:00Z'), { quietHours: null, quietDays: ['sun'] }))).toBe(
      '2026-11-29T23:00:00.000Z',
    );
  });

  it('supports a quiet window within the day and several quiet days', () => {
    const lunch = { quietHours: { start: '12:00', end: '14:00' }, quietDays: ['sat', 'sun'] as const };
    expect(iso(nextAllowedTime(new Date('2026-11-24T11:30:00Z'), lunch))).toBe('2026-11-24T13:00:00.000Z');
    expect(iso(nextAllowedTime(new Date('2026-11-28T10:00:00Z'), lunch))).toBe('2026-11-29T23:00:00.000Z');
  });

  it('refuses rules where every day is quiet', () => {
    expect(() => nextAllowedTime(new Date(), { quietHours: null, quietDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] })).toThrow();
  });

  it('parisTime maps wall-clock times to instants in both seasons', () => {
    expect(iso(parisTime(2026, 1, 15, 9 * 60))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(parisTime(2026, 6, 15, 9 * 60))).toBe('2026-06-15T07:00:00.000Z');
  });
});
