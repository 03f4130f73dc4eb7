import * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { authorize } from '../../../shared/auth/policy';
import { kernelErrors } from '../../../shared/errors/catalogue';
import { AppError } from '../../../shared/errors/errors';
import { type UseCaseContext, type UseCaseDeps, defineUseCase } from '../../../shared/use-case/define-use-case';
import { IdSchema } from '../../../shared/validation/common.schema';
import { appointmentsErrors } from '../errors';
import { AppointmentBooked, AppointmentCancelled, AppointmentHonoured, AppointmentMissed } from '../events/appointments.events';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { Appointment, AppointmentsRepository, ReferralCopy, SiteCopy } from '../domain/appointments.ports';
import { type AppointmentView, BookSchema } from '../domain/appointments.schema';
import type { Availability } from '../domain/availability';
import { PutAvailabilitySchema } from '../domain/availability';
import { nextDay, parisIso, toParis } from '../domain/paris-time';
import { type ReminderRules, planReminders } from '../domain/reminders';
import { type Slot, type Taken, checkSlot, freeSlots, takenKey } from '../domain/slots';

export interface AppointmentsDeps extends UseCaseDeps {
  repository: AppointmentsRepository;
  clock: { now(): Date };
  newId(): string;
  /** When and how often the person hears about her appointment (settings, and the platform's SMS quiet hours). */
  reminderRules(): ReminderRules;
}

type Context<I> = UseCaseContext<I, AppointmentsDeps, Actor>;
const PutAvailabilityInputSchema = z.object({ siteId: IdSchema, availability: PutAvailabilitySchema });
type PutAvailabilityInput = z.output<typeof PutAvailabilityInputSchema>;

/** How many times a booking is tried again after losing a race on its slot's counter. */
export const BOOKING_ATTEMPTS = 8;
/** How many free slots a refused booking proposes instead. */
export const ALTERNATIVES = 5;
/** How far after a taken slot the alternatives are looked for. */
const ALTERNATIVES_DAYS = 31;

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

const eventFacts = (a: Appointment, at: Date) => ({
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
});

/** The place in an event: the site's public name and address (no one's personal data). */
const placeFacts = (site: SiteCopy | undefined) => ({
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

const isSlotRace = (error: unknown) =>
  error instanceof AppError &&
  (error.code === appointmentsErrors.code('slot.taken') || error.code === kernelErrors.code('concurrent-write'));

/**
 * Publish a site's availability (coordination, or a partner of the site's own organisation).
 * Primary course: the site is known (directory's `SiteChanged`) → the caller may edit it → the
 * availability is written if it is still at the version the editor read (409 otherwise).
 */
export const PutAvailability = defineUseCase({
  name: 'appointments.putAvailability',
  input: PutAvailabilityInputSchema,
  action: 'appointments.availability',
  refusal: () => appointmentsErrors.error('availability.forbidden'),
  async run({ input, actor, uow, deps, now }: Context<PutAvailabilityInput>) {
    const site = await deps.repository.getSite(input.siteId);
    if (!site) throw appointmentsErrors.error('site.unknown');
    authorize(
      'appointments.availability',
      actor,
      { ownOrganisation: actor.organisationId === site.organisationId },
      appointmentsErrors.error('availability.forbidden'),
    );
    const { version, ...availability } = input.availability;
    const current = await deps.repository.getAvailability(input.siteId);
    if ((current?.version ?? 0) !== version) throw appointmentsErrors.error('availability.version-conflict');
    const stored = { siteId: input.siteId, availability, version: version + 1, updatedAt: now.toISOString() };
    // The write carries the version condition too: of two editors racing, the second gets the same 409.
    deps.repository.saveAvailability(uow, stored, version, () => appointmentsErrors.error('availability.version-conflict'));
    return stored;
  },
});

/** A booking: the appointment, or the slot was taken and these are the next free ones. */
export type BookResult = { booked: AppointmentView } | { taken: true; alternatives: Slot[] };

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

/**
 * Book a slot at the partner's site for a referral (issue 17), the person beside the agent.
 * Primary course: the referral is known (intake's events) and was sent or received by the
 * caller's organisation → it is still open → the site belongs to the organisation the person is
 * referred to → the start is one of the site's slots (422 naming `slot` otherwise) → the slot's
 * counter is raised, only if it still holds what was read and stays within the capacity, in the
 * same transaction as the appointment and its event. Of two bookings racing for the last place,
 * the one whose transaction loses (condition or conflict) reads the counter again: full, it gets
 * the next free slots (409), never a 500. The person is the referral's, never the caller's word.
 * The person's messages (at booking, the reminder before) are planned in the same transaction.
 */
export const BookAppointment = defineUseCase({
  name: 'appointments.bookAppointment',
  input: BookSchema,
  action: 'appointments.book',
  refusal: () => appointmentsErrors.error('book.forbidden'),
  emits: [AppointmentBooked],
  async run({ input, actor, deps, now, emit, openUnitOfWork }: Context<z.output<typeof BookSchema>>): Promise<BookResult> {
    const { repository } = deps;
    const referral = await repository.getReferral(input.referralId);
    if (!referral) {
      throw appointmentsErrors.error('referral.unknown', { errors: [{ path: 'body.referralId', message: 'Orientation inconnue' }] });
    }
    authorize(
      'appointments.book',
      actor,
      {
        sendingOrganisation: actor.organisationId === referral.fromOrganisationId,
        receivingOrganisation: actor.organisationId === referral.toOrganisationId,
      },
      appointmentsErrors.error('book.forbidden'),
    );
    if (referral.status === 'declined' || referral.status === 'closed' || referral.status === 'expired') {
      throw appointmentsErrors.error('referral.closed', { errors: [{ path: 'body.referralId', message: 'Orientation close' }] });
    }
    const site = await repository.getSite(input.siteId);
    if (!site) throw appointmentsErrors.error('booking.site-unknown', { errors: [{ path: 'body.siteId', message: 'Lieu inconnu' }] });
    if (site.organisationId !== referral.toOrganisationId) {
      throw appointmentsErrors.error('referral.other-organisation', {
        errors: [{ path: 'body.siteId', message: 'Lieu d’une autre structure que celle de l’orientation' }],
      });
    }
    return placeBooking(
      { deps, now, emit, openUnitOfWork },
      {
        referral,
        site,
        start: input.start,
        channel: input.channel,
        bookedByOrganisationId: actor.organisationId ?? '',
        bookedBy: actor.id,
      },
    );
  },
});

/** What `placeBooking` needs of its use case's context. */
type BookingContext = Pick<Context<unknown>, 'deps' | 'now' | 'emit' | 'openUnitOfWork'>;

/**
 * The booking proper, once the caller was allowed (an account of the referral's organisations,
 * or the person's signed link): the start must be one of the site's slots (422 naming `slot`),
 * then the slot's counter is raised only if it still holds what was read and stays within the
 * capacity, in one transaction with the appointment, its event, the person's messages and
 * `alsoWrite` (the link marked used). Lost races are tried again; a full slot answers its
 * alternatives.
 */
export async function placeBooking(
  { deps, now, emit, openUnitOfWork }: BookingContext,
  request: {
    referral: ReferralCopy;
    site: SiteCopy;
    start: string;
    channel?: Appointment['channel'];
    bookedByOrganisationId: string;
    bookedBy: string;
    alsoWrite?: (uow: UnitOfWork, appointment: Appointment) => void;
  },
): Promise<BookResult> {
  const { repository } = deps;
  const { referral, site } = request;
  const stored = await repository.getAvailability(site.siteId);
  if (!stored) throw slotRefusal('not-offered');
  const start = new Date(request.start);
  const slot = checkSlot(stored.availability, start, request.channel, now);
  if (!slot.ok) throw slotRefusal(slot.why);

  for (let attempt = 1; attempt <= BOOKING_ATTEMPTS; attempt++) {
    const counter = await repository.getCounter(site.siteId, start.getTime(), slot.channel);
    const taken = counter?.taken ?? 0;
    if (taken >= slot.capacity) break;
    const appointment: Appointment = {
      id: deps.newId(),
      siteId: site.siteId,
      organisationId: site.organisationId,
      referralId: referral.referralId,
      ...(referral.personId ? { personId: referral.personId } : {}),
      ...(referral.themes ? { themes: referral.themes } : {}),
      bookedByOrganisationId: request.bookedByOrganisationId,
      bookedBy: request.bookedBy,
      start: start.toISOString(),
      end: slot.end.toISOString(),
      channel: slot.channel,
      status: 'booked',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    };
    const uow = openUnitOfWork();
    repository.setCounter(uow, site.siteId, { startMs: start.getTime(), channel: slot.channel, taken: taken + 1 }, taken, () =>
      appointmentsErrors.error('slot.taken'),
    );
    repository.createAppointment(uow, appointment);
    for (const reminder of planReminders(start, now, deps.reminderRules())) {
      repository.saveReminder(uow, { appointmentId: appointment.id, ...reminder });
    }
    request.alsoWrite?.(uow, appointment);
    emit(AppointmentBooked, { ...eventFacts(appointment, now), ...placeFacts(site) }, uow);
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
}

type Outcome = 'cancelled' | 'honoured' | 'missed';
const OUTCOME_EVENTS = { cancelled: AppointmentCancelled, honoured: AppointmentHonoured, missed: AppointmentMissed } as const;

/**
 * Cancel an appointment (the booking organisation or the site's), or say it was honoured or
 * missed (the site's organisation or the coordination, once its start has passed). A cancelled
 * appointment frees its place: the slot's counter goes down in the same transaction, tried
 * again when another booking moved it meanwhile.
 */
function defineOutcome(outcome: Outcome) {
  const cancelling = outcome === 'cancelled';
  const action = cancelling ? 'appointments.cancel' : 'appointments.outcome';
  const refusal = () => appointmentsErrors.error(cancelling ? 'cancel.forbidden' : 'outcome.forbidden');
  const name = { cancelled: 'cancelAppointment', honoured: 'honouredAppointment', missed: 'missedAppointment' }[outcome];
  return defineUseCase({
    name: `appointments.${name}`,
    input: z.object({ id: IdSchema }),
    inputPath: 'path',
    action,
    refusal,
    emits: [OUTCOME_EVENTS[outcome]],
    async run({ input, actor, deps, now, emit, openUnitOfWork }: Context<{ id: string }>): Promise<AppointmentView> {
      const { repository } = deps;
      for (let attempt = 1; ; attempt++) {
        const appointment = await repository.getAppointment(input.id);
        if (!appointment) throw appointmentsErrors.error('appointment.not-found');
        authorize(
          action,
          actor,
          {
            sendingOrganisation: actor.organisationId === appointment.bookedByOrganisationId,
            ownOrganisation: actor.organisationId === appointment.organisationId,
          },
          refusal(),
        );
        if (appointment.status !== 'booked') throw appointmentsErrors.error('appointment.not-booked');
        if (!cancelling && now.getTime() < Date.parse(appointment.start)) throw appointmentsErrors.error('appointment.not-yet');
        const next: Appointment = { ...appointment, status: outcome, updatedAt: now.toISOString(), version: appointment.version + 1 };
        const uow = openUnitOfWork();
        repository.updateAppointment(uow, next, appointment.version, () => appointmentsErrors.error('appointment.not-booked'));
        if (cancelling) {
          const startMs = Date.parse(appointment.start);
          const counter = await repository.getCounter(appointment.siteId, startMs, appointment.channel);
          const taken = counter?.taken ?? 0;
          if (taken > 0) {
            repository.setCounter(uow, appointment.siteId, { startMs, channel: appointment.channel, taken: taken - 1 }, taken, () =>
              appointmentsErrors.error('slot.taken'),
            );
          }
        }
        emit(OUTCOME_EVENTS[outcome], { ...eventFacts(next, now), byOrganisationId: actor.organisationId ?? '' }, uow);
        try {
          await uow.commit();
          return toView(next);
        } catch (error) {
          // A booking moved the counter meanwhile: read both again (the appointment's own change is final).
          if (!isSlotRace(error) || attempt >= BOOKING_ATTEMPTS) throw error;
          await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        }
      }
    },
  });
}

export const CancelAppointment = defineOutcome('cancelled');
export const HonouredAppointment = defineOutcome('honoured');
export const MissedAppointment = defineOutcome('missed');
