import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { Appointment, AppointmentsRepository, SiteCopy } from '../domain/appointments.ports';
import type { AppointmentView } from '../domain/appointments.schema';
import type { Availability } from '../domain/availability';
import { nextDay, parisIso, toParis } from '../domain/paris-time';
import { planReminders } from '../domain/reminders';
import { type Slot, type Taken, freeSlots, takenKey } from '../domain/slots';
import { appointmentsErrors } from '../errors';
import { AppointmentBooked } from '../events/appointments.events';
import type { BookingContext, BookingRequest } from './appointment-book';

/** How many times a booking is tried again after losing a race on its slot's counter. */
export const BOOKING_ATTEMPTS = 8;
/** How many free slots a refused booking proposes instead. */
export const ALTERNATIVES = 5;
/** How far after a taken slot the alternatives are looked for. */
export const ALTERNATIVES_DAYS = 31;

export const toView = (a: Appointment): AppointmentView => ({
  id: a.id,
  siteId: a.siteId,
  organisationId: a.organisationId,
  referralId: a.referralId,
  bookedByOrganisationId: a.bookedByOrganisationId,
  start: parisIso(new Date(a.start)),
  end: parisIso(new Date(a.end)),
  channel: a.channel,
  status: a.status,
  version: a.version,
});

export const eventFacts = (a: Appointment, at: Date) => ({
  appointmentId: a.id,
  referralId: a.referralId,
  siteId: a.siteId,
  organisationId: a.organisationId,
  bookedByOrganisationId: a.bookedByOrganisationId,
  start: parisIso(new Date(a.start)),
  end: parisIso(new Date(a.end)),
  channel: a.channel,
  at: at.toISOString(),
  ...(a.themes ? { themes: a.themes } : {}),
  sequence: a.version - 1,
});

/** The place in an event: the site's public name and address (no one's personal data). */
export const placeFacts = (site: SiteCopy | undefined) => ({
  ...(site?.name ? { siteName: site.name } : {}),
  ...(site?.address ? { siteAddress: site.address } : {}),
});

/** Places taken per slot of a site from `fromMs` on, for `days` days. */
export async function takenOf(repository: AppointmentsRepository, siteId: string, fromMs: number, days: number): Promise<Taken> {
  const counters = await repository.countersBetween(siteId, fromMs, fromMs + (days + 1) * 86_400_000);
  return new Map(counters.map((c) => [takenKey(c.startMs, c.channel), c.taken]));
}

/** The next free slots after `afterMs` (the alternatives of a taken slot). */
export async function nextFreeSlots(
  repository: AppointmentsRepository,
  siteId: string,
  availability: Availability,
  afterMs: number,
  now: Date,
): Promise<Slot[]> {
  const from = toParis(afterMs).date;
  const taken = await takenOf(repository, siteId, afterMs, ALTERNATIVES_DAYS);
  return freeSlots(availability, taken, { from, to: nextDay(from, ALTERNATIVES_DAYS), now, after: afterMs, limit: ALTERNATIVES });
}

const SLOT_FIELD_MESSAGES = {
  past: 'Créneau passé',
  'too-soon': 'Créneau trop proche (délai de prévenance)',
  'too-far': 'Créneau au-delà de l’horizon de réservation',
  closed: 'Structure fermée ce jour-là',
  'not-offered': 'Heure qui n’est pas un créneau proposé',
} as const;

/** 422 naming `slot` (its code) and the field `body.start`. */
export const slotRefusal = (why: keyof typeof SLOT_FIELD_MESSAGES) =>
  appointmentsErrors.error(`slot.${why}`, { errors: [{ path: 'body.start', message: SLOT_FIELD_MESSAGES[why] }] });

/** The appointment a booking records, whatever book holds its slot. */
export function newAppointment(
  { deps, now }: Pick<BookingContext, 'deps' | 'now'>,
  request: BookingRequest,
  slot: { start: Date; end: Date; channel: Appointment['channel'] },
  external?: Appointment['external'],
): Appointment {
  const { referral, site } = request;
  return {
    id: deps.newId(),
    siteId: site.siteId,
    organisationId: site.organisationId,
    referralId: referral.referralId,
    ...(referral.personId ? { personId: referral.personId } : {}),
    ...(referral.themes ? { themes: referral.themes } : {}),
    bookedByOrganisationId: request.bookedByOrganisationId,
    bookedBy: request.bookedBy,
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    channel: slot.channel,
    ...(external ? { external } : {}),
    status: 'booked',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
}

/**
 * Record a booking in `uow`: the appointment, the person's messages (at booking, the reminder
 * before), what the request also writes (the link marked used) and `AppointmentBooked`.
 */
export async function recordAppointment(
  { deps, now, emit }: Pick<BookingContext, 'deps' | 'now' | 'emit'>,
  uow: UnitOfWork,
  request: BookingRequest,
  appointment: Appointment,
): Promise<void> {
  deps.repository.createAppointment(uow, appointment);
  for (const reminder of planReminders(new Date(appointment.start), now, deps.reminderRules())) {
    deps.repository.saveReminder(uow, { appointmentId: appointment.id, ...reminder });
  }
  await request.alsoWrite?.(uow, appointment);
  emit(AppointmentBooked, { ...eventFacts(appointment, now), ...placeFacts(request.site) }, uow);
}
