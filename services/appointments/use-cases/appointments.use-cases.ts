import * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { authorize } from '../../../shared/auth/policy';
import { type UseCaseContext, type UseCaseDeps, defineUseCase } from '../../../shared/use-case/define-use-case';
import { IdSchema } from '../../../shared/validation/common.schema';
import { appointmentsErrors } from '../errors';
import { AppointmentBooked, AppointmentCancelled, AppointmentHonoured, AppointmentMissed } from '../events/appointments.events';
import type { Appointment, AppointmentsRepository } from '../domain/appointments.ports';
import { type AppointmentView, BookSchema } from '../domain/appointments.schema';
import { PutAvailabilitySchema } from '../domain/availability';
import type { ReminderRules } from '../domain/reminders';
import type { AppointmentBook, BookResult, BookingContext, BookingRequest } from '../book/appointment-book';
import { BOOKING_ATTEMPTS, eventFacts, toView } from '../book/record';
import { isSlotRace, relaisBook } from '../book/relais.book';

export type { BookResult } from '../book/appointment-book';
export { ALTERNATIVES, BOOKING_ATTEMPTS, nextFreeSlots, slotRefusal, takenOf, toView } from '../book/record';

export interface AppointmentsDeps extends UseCaseDeps {
  repository: AppointmentsRepository;
  clock: { now(): Date };
  newId(): string;
  /** When and how often the person hears about her appointment (settings, and the platform's SMS quiet hours). */
  reminderRules(): ReminderRules;
  /**
   * The book that holds an organisation's slots (ADR 0042: its choice in the directory); the
   * built-in one when absent.
   */
  appointmentBook?(organisationId: string): Promise<AppointmentBook>;
}

/** The organisation's book: its choice, or the built-in one. */
export const bookOf = (deps: AppointmentsDeps, organisationId: string): Promise<AppointmentBook> =>
  deps.appointmentBook?.(organisationId) ?? Promise.resolve(relaisBook(deps.repository));

type Context<I> = UseCaseContext<I, AppointmentsDeps, Actor>;
const PutAvailabilityInputSchema = z.object({ siteId: IdSchema, availability: PutAvailabilitySchema });
type PutAvailabilityInput = z.output<typeof PutAvailabilityInputSchema>;

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

/**
 * The booking proper, once the caller was allowed (an account of the referral's organisations,
 * or the person's signed link), in the book of the site's organisation (ADR 0042): the start
 * must be one of its slots (422 naming `slot`); the appointment is recorded with its event, the
 * person's messages and `alsoWrite` (the link marked used) in one transaction; a slot taken
 * meanwhile answers its alternatives.
 */
export async function placeBooking(context: BookingContext, request: BookingRequest): Promise<BookResult> {
  const book = await bookOf(context.deps, request.site.organisationId);
  return book.book(context, request);
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
        // The place is freed in the organisation's book: its counter here, or the appointment cancelled in its agenda.
        if (cancelling) await (await bookOf(deps, appointment.organisationId)).release(uow, appointment);
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
