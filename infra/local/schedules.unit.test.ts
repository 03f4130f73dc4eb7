import { nextDelayMs } from './schedules';

describe('local schedules', () => {
  const now = new Date('2026-03-10T10:15:30Z');

  it('reads rate expressions', () => {
    expect(nextDelayMs('rate(5 minutes)', now)).toBe(5 * 60_000);
    expect(nextDelayMs('rate(1 day)', now)).toBe(86_400_000);
  });

  it('waits for the next daily cron time in UTC', () => {
    expect(nextDelayMs('cron(0 2 * * ? *)', now)).toBe(new Date('2026-03-11T02:00:00Z').getTime() - now.getTime());
    expect(nextDelayMs('cron(30 10 * * ? *)', now)).toBe(new Date('2026-03-10T10:30:00Z').getTime() - now.getTime());
    expect(nextDelayMs('cron(0 * * * ? *)', now)).toBe(new Date('2026-03-10T11:00:00Z').getTime() - now.getTime());
  });

  it('refuses an expression it would run differently from AWS', () => {
    expect(() => nextDelayMs('cron(0 2 ? * MON *)', now)).toThrow(/not supported/);
  });
});
