import { mayRemindNow, planReminders, type ReminderRules } from './reminders';

const RULES: ReminderRules = {
  daysBefore: 1,
  time: '10:00',
  monthlyBudget: 100,
  quietHours: { start: '20:00', end: '09:00' },
  quietDays: ['sun'],
};

describe('the person’s messages about an appointment', () => {
  it('at booking (now, outside the quiet hours) and the day before at 10:00 Paris', () => {
    // Monday 2026-12-07 15:00 Paris; appointment Thursday 2026-12-10 09:30 Paris.
    expect(planReminders(new Date('2026-12-10T08:30:00Z'), new Date('2026-12-07T14:00:00Z'), RULES)).toEqual([
      { kind: 'booked', due: '2026-12-07T14:00:00.000Z' },
      { kind: 'day-before', due: '2026-12-09T09:00:00.000Z' },
    ]);
  });

  it('waits for the end of the quiet hours and skips the quiet days, in summer time too', () => {
    // Booked Wednesday 2026-07-01 22:00 Paris (20:00Z) for Saturday 2026-07-04 11:00 Paris: Thursday 09:00, Friday 10:00.
    expect(planReminders(new Date('2026-07-04T09:00:00Z'), new Date('2026-07-01T20:00:00Z'), RULES)).toEqual([
      { kind: 'booked', due: '2026-07-02T07:00:00.000Z' },
      { kind: 'day-before', due: '2026-07-03T08:00:00.000Z' },
    ]);
    // With reminders at 07:00 (quiet until 09:00): moved to 09:00.
    expect(planReminders(new Date('2026-07-04T09:00:00Z'), new Date('2026-07-01T20:00:00Z'), { ...RULES, time: '07:00' })[1]).toEqual({
      kind: 'day-before',
      due: '2026-07-03T07:00:00.000Z',
    });
    // Monday's appointment: its day before is a Sunday, a quiet day → Monday 09:00 is too close to a 09:30 start.
    const monday = planReminders(new Date('2026-12-14T08:30:00Z'), new Date('2026-12-10T14:00:00Z'), RULES);
    expect(monday.map((r) => r.kind)).toEqual(['booked']);
  });

  it('plans no reminder for an appointment booked for tomorrow morning (the booking message is it), none at all with 0 days', () => {
    const plan = planReminders(new Date('2026-12-08T08:30:00Z'), new Date('2026-12-07T16:00:00Z'), RULES);
    expect(plan.map((r) => r.kind)).toEqual(['booked']);
    expect(planReminders(new Date('2026-12-10T08:30:00Z'), new Date('2026-12-07T14:00:00Z'), { ...RULES, daysBefore: 0 })).toHaveLength(1);
    // Booked less than an hour before: nothing at all.
    expect(planReminders(new Date('2026-12-07T14:30:00Z'), new Date('2026-12-07T14:00:00Z'), RULES)).toEqual([]);
  });

  it('is sent only outside the quiet hours and never once the appointment is less than an hour away or past', () => {
    const start = new Date('2026-12-10T08:30:00Z');
    expect(mayRemindNow(start, new Date('2026-12-09T09:00:00Z'), RULES)).toBe('send');
    expect(mayRemindNow(start, new Date('2026-12-09T20:00:00Z'), RULES)).toBe('wait');
    expect(mayRemindNow(start, new Date('2026-12-10T07:31:00Z'), RULES)).toBe('too-late');
    expect(mayRemindNow(start, new Date('2026-12-11T09:00:00Z'), RULES)).toBe('too-late');
  });
});
