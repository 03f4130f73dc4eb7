import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { kernelErrors } from '../../../shared/errors/catalogue';
import { AppError } from '../../../shared/errors/errors';
import type { Appointment, AppointmentsRepository, SiteCopy } from '../domain/appointments.ports';
import { fromParis, nextDay } from '../domain/paris-time';
import { checkSlot, freeSlots, takenKey } from '../domain/slots';
import { appointmentsErrors } from '../errors';
import type { AppointmentBook, BookResult, BookingContext, BookingRequest, FreeSlotsQuery } from './appointment-book';
import { BOOKING_ATTEMPTS, newAppointment, nextFreeSlots, recordAppointment, slotRefusal, toView } from './record';

export const isSlotRace = (error: unknown) =>
  error instanceof AppError &&
  (error.code === appointmentsErrors.code('slot.taken') || error.code === kernelErrors.code('concurrent-write'));

/**
 * The built-in book (ADR 0024, 0042): the slots come from the availability the site publishes in
 * Relais; each slot has a counter item, raised — only if it still holds what was read and stays
 * within the capacity — in the transaction that records the appointment. Of two bookings racing
 * for the last place, the one whose transaction loses reads the counter again (up to
 * `BOOKING_ATTEMPTS`): full, it answers the next free slots. Cancelling lowers the counter in the
 * transaction that cancels.
 */
export function relaisBook(repository: AppointmentsRepository): AppointmentBook {
  return {
    kind: 'relais',

    async freeSlots(site: SiteCopy, query: FreeSlotsQuery) {
      const stored = await repository.getAvailability(site.siteId);
      if (!stored) return [];
      const fromMs = Math.max(query.now.getTime(), (fromParis(query.from, '00:00') ?? query.now).getTime(), (query.after ?? 0) + 1);
      const toMs = (fromParis(nextDay(query.to), '00:00') ?? query.now).getTime();
      const counters = toMs > fromMs ? await repository.countersBetween(site.siteId, fromMs, toMs) : [];
      const taken = new Map(counters.map((c) => [takenKey(c.startMs, c.channel), c.taken]));
      return freeSlots(stored.availability, taken, query);
    },

    async book(context: BookingContext, request: BookingRequest): Promise<BookResult> {
      const { now, openUnitOfWork } = context;
      const { site } = request;
      const stored = await repository.getAvailability(site.siteId);
      if (!stored) throw slotRefusal('not-offered');
      const start = new Date(request.start);
      const slot = checkSlot(stored.availability, start, request.channel, now);
      if (!slot.ok) throw slotRefusal(slot.why);

      for (let attempt = 1; attempt <= BOOKING_ATTEMPTS; attempt++) {
        const counter = await repository.getCounter(site.siteId, start.getTime(), slot.channel);
        const taken = counter?.taken ?? 0;
        if (taken >= slot.capacity) break;
        const appointment = newAppointment(context, request, { start, end: slot.end, channel: slot.channel });
        const uow = openUnitOfWork();
        repository.setCounter(uow, site.siteId, { startMs: start.getTime(), channel: slot.channel, taken: taken + 1 }, taken, () =>
          appointmentsErrors.error('slot.taken'),
        );
        await recordAppointment(context, uow, request, appointment);
        try {
          await uow.commit();
          return { booked: toView(appointment) };
        } catch (error) {
          if (!isSlotRace(error)) throw error;
          // Lost the race: a short, random pause, then read the counter again.
          await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        }
      }
      return { taken: true, alternatives: await nextFreeSlots(repository, site.siteId, stored.availability, start.getTime(), now) };
    },

    async release(uow: UnitOfWork, appointment: Appointment) {
      const startMs = Date.parse(appointment.start);
      const counter = await repository.getCounter(appointment.siteId, startMs, appointment.channel);
      const taken = counter?.taken ?? 0;
      if (taken > 0) {
        repository.setCounter(uow, appointment.siteId, { startMs, channel: appointment.channel, taken: taken - 1 }, taken, () =>
          appointmentsErrors.error('slot.taken'),
        );
      }
    },
  };
}
