import type { Appointment } from './appointments.ports';
import { afterFailedAttempt, beforeAttempt, GIVE_UP_AFTER_DAYS, nextAttemptAt, pendingCancelOf } from './external-cancel';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

const appointment: Appointment = {
  id: 'a1',
  siteId: 's1',
  organisationId: 'o1',
  referralId: 'r1',
  bookedByOrganisationId: 'o2',
  bookedBy: 'u1',
  start: '2026-03-10T09:00:00.000Z',
  end: '2026-03-10T09:30:00.000Z',
  channel: 'site',
  external: { kind: 'rdv-service-public', id: '4217' },
  personErasedAt: NOW.toISOString(),
  status: 'booked',
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  version: 1,
};

describe('the retry of an external cancel (ADR 0065)', () => {
  it('waits 15 minutes after the first failed attempt, an hour after the second, then three hours each time', () => {
    expect([1, 2, 3, 4, 10].map((n) => nextAttemptAt(n, NOW))).toEqual([at(15), at(60), at(180), at(180), at(180)]);
  });

  it('keeps the appointment, its organisation and the agenda’s rdv, nothing of the person; none without an external agenda', () => {
    expect(pendingCancelOf({ ...appointment, personId: 'p1' }, NOW)).toEqual({
      appointmentId: 'a1',
      organisationId: 'o1',
      external: { kind: 'rdv-service-public', id: '4217' },
      attempts: 1,
      since: NOW.toISOString(),
      nextAttemptAt: at(15),
    });
    const { external: _none, ...relais } = appointment;
    expect(pendingCancelOf(relais, NOW)).toBeUndefined();
  });

  it('asks while booked and to come; drops one no longer booked, gone or moved to another rdv; gives up once its time has come', () => {
    const pending = pendingCancelOf(appointment, NOW)!;
    expect(beforeAttempt(pending, appointment, NOW)).toEqual({ do: 'ask' });
    expect(beforeAttempt(pending, { ...appointment, status: 'cancelled' }, NOW)).toEqual({ do: 'drop' });
    expect(beforeAttempt(pending, { ...appointment, status: 'honoured' }, NOW)).toEqual({ do: 'drop' });
    expect(beforeAttempt(pending, undefined, NOW)).toEqual({ do: 'drop' });
    expect(beforeAttempt(pending, { ...appointment, external: { kind: 'rdv-service-public', id: '9999' } }, NOW)).toEqual({ do: 'drop' });
    expect(beforeAttempt(pending, appointment, new Date(appointment.start))).toEqual({ do: 'give-up', why: 'started' });
  });

  it(`counts a failed attempt and sets the next, until ${GIVE_UP_AFTER_DAYS} days after the erasure`, () => {
    const pending = pendingCancelOf(appointment, NOW)!;
    const later = new Date(NOW.getTime() + 16 * 60_000);
    expect(afterFailedAttempt(pending, later)).toEqual({
      do: 'retry',
      next: { ...pending, attempts: 2, nextAttemptAt: new Date(later.getTime() + 60 * 60_000).toISOString() },
    });
    const limit = new Date(NOW.getTime() + GIVE_UP_AFTER_DAYS * 86_400_000);
    expect(afterFailedAttempt(pending, new Date(limit.getTime() - 1))).toMatchObject({ do: 'retry' });
    expect(afterFailedAttempt(pending, limit)).toEqual({ do: 'give-up', why: 'limit' });
  });
});
