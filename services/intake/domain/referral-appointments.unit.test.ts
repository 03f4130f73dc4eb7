import { type AppointmentStep, appointmentsOf } from './referral-appointments';

const step = (appointmentId: string, status: AppointmentStep['status'], at: string): AppointmentStep => ({
  appointmentId,
  siteId: 'S1',
  siteName: 'CAF du Lot — Cahors',
  start: '2026-12-15T09:30:00+01:00',
  end: '2026-12-15T10:00:00+01:00',
  channel: 'site',
  status,
  at,
});

describe('the referral’s appointments from their steps (ADR 0039)', () => {
  it('ends on the ending step, whatever order the events came in, and lists each step by date once', () => {
    const booked = step('A1', 'booked', '2026-12-07T09:00:00.000Z');
    const missed = step('A1', 'missed', '2026-12-15T11:00:00.000Z');
    for (const order of [
      [booked, missed],
      [missed, booked],
      [missed, booked, missed],
    ]) {
      const [only, ...rest] = appointmentsOf(order);
      expect(rest).toHaveLength(0);
      expect(only).toMatchObject({ appointmentId: 'A1', status: 'missed', siteName: 'CAF du Lot — Cahors' });
      expect(only?.steps).toEqual([
        { status: 'booked', at: '2026-12-07T09:00:00.000Z' },
        { status: 'missed', at: '2026-12-15T11:00:00.000Z' },
      ]);
    }
  });

  it('keeps each appointment apart, the oldest first; a booked one stays booked', () => {
    const list = appointmentsOf([
      step('A2', 'booked', '2026-12-08T09:00:00.000Z'),
      step('A1', 'cancelled', '2026-12-07T10:00:00.000Z'),
      step('A1', 'booked', '2026-12-07T09:00:00.000Z'),
    ]);
    expect(list.map((a) => [a.appointmentId, a.status])).toEqual([
      ['A1', 'cancelled'],
      ['A2', 'booked'],
    ]);
  });
});
