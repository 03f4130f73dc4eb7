import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { createLogger } from '../../../shared/observability/logger';
import { PersonErased } from '../../intake/events/intake.events';
import { type AppointmentBook, isAgendaDown } from '../book/appointment-book';
import { BOOKING_ATTEMPTS, eventFacts, placeFacts } from '../book/record';
import { isSlotRace, relaisBook } from '../book/relais.book';
import type { Appointment, AppointmentsRepository } from '../domain/appointments.ports';
import { type PendingCancels, pendingCancelOf } from '../domain/external-cancel';
import { AppointmentCancelled } from '../events/appointments.events';

const logger = createLogger('appointments');

export interface ForgetOutcome {
  appointments: number;
  /** Of those, booked and still to come: cancelled at the partner, their place freed. */
  cancelled: number;
  /** To come, but the organisation's external agenda did not answer: forgotten, left booked there for now, its cancel kept to be asked again (ADR 0065). */
  notCancelled: number;
  referrals: number;
  links: number;
}

export interface ForgetPersonDeps {
  repository: AppointmentsRepository;
  clock: { now(): Date };
  newUnitOfWork?: () => UnitOfWork;
  /** The organisation's book (ADR 0042); the built-in one when absent. */
  appointmentBook?(organisationId: string): Promise<AppointmentBook>;
  /** Where a cancel its external agenda did not answer is kept, to be asked again (ADR 0065). */
  pendingCancels: PendingCancels;
}

/**
 * Forget a person erased by intake (ADR 0037, DOMAIN rule 6; ADR 0042).
 * Primary course: `PersonErased` arrives → her appointments are found by her pointers →
 * - one booked and still to come is **cancelled at the partner**: its place freed in the
 *   organisation's book (the counter lowered here, or the appointment cancelled in its
 *   RDV-Service-Public agenda first), the appointment written cancelled without her id, and
 *   `AppointmentCancelled` published (no personal data: the partner gets « rendez-vous annulé »
 *   with the cancelling calendar file, the referral its step), one transaction;
 * - any other (past, cancelled, honoured, missed) loses her id and is marked `personErasedAt`:
 *   it stays, anonymous (site, time, status, themes), for the referral's timeline and the
 *   partner's agenda; the no-show rate was counted from the events, never from her;
 * → her referral copies lose her id → the booking links given for those referrals are deleted
 * (one not used yet no longer opens; its messages are dropped) → her pointers are deleted with
 * each change, in the same transaction. No message goes to her any more (the reminders drop an
 * appointment marked `personErasedAt` or not booked). Alternative: the external agenda does not
 * answer → she is forgotten all the same (erasure comes first), the appointment stays booked
 * there and here, anonymous; a warning names the appointment (never her), and the cancel is kept,
 * in the transaction that forgets her, for the `externalCancels` schedule to ask again
 * (`retry-external-cancels.use-cases.ts`, ADR 0065). Running it again finds no pointer left:
 * nothing changes.
 */
export function makeForgetPerson(deps: ForgetPersonDeps) {
  const { repository } = deps;
  const open = () => deps.newUnitOfWork?.() ?? new UnitOfWork();
  const bookOf = (organisationId: string) => deps.appointmentBook?.(organisationId) ?? Promise.resolve(relaisBook(repository));

  /**
   * Cancel her appointment to come in its book and forget her in it: `cancelled`; `agenda-down`
   * when its external agenda did not answer; `changed` when it is no longer booked for her.
   */
  async function cancelAtPartner(
    first: Appointment,
    personId: string,
    at: string,
    now: Date,
  ): Promise<'cancelled' | 'agenda-down' | 'changed'> {
    let appointment: Appointment | undefined = first;
    for (let attempt = 1; ; attempt++) {
      if (appointment?.status !== 'booked' || appointment.personId !== personId) return 'changed';
      const { personId: _forgotten, ...rest } = appointment;
      const next: Appointment = { ...rest, status: 'cancelled', updatedAt: now.toISOString(), version: appointment.version + 1 };
      const uow = open();
      try {
        await (await bookOf(appointment.organisationId)).release(uow, appointment);
      } catch (error) {
        if (!isAgendaDown(error)) throw error;
        logger.warn('Personne effacée : son rendez-vous à venir n’a pas pu être annulé dans l’agenda externe (nouvel essai programmé)', {
          appointmentId: appointment.id,
        });
        return 'agenda-down';
      }
      repository.forgetInAppointment(uow, next, personId, at, appointment.version);
      const site = await repository.getSite(appointment.siteId);
      repository.publish(uow, AppointmentCancelled.create({ ...eventFacts(next, now), ...placeFacts(site), byOrganisationId: '' }));
      try {
        await uow.commit();
        return 'cancelled';
      } catch (error) {
        // A booking moved the slot's counter meanwhile: read the appointment again, try again.
        if (!isSlotRace(error) || attempt >= BOOKING_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        appointment = await repository.getAppointment(first.id);
      }
    }
  }

  return {
    async execute(event: ReceivedEvent): Promise<ForgetOutcome> {
      const outcome: ForgetOutcome = { appointments: 0, cancelled: 0, notCancelled: 0, referrals: 0, links: 0 };
      if (event.detailType !== PersonErased.detailType) return outcome;
      const { personId, at } = PersonErased.parse(event.detail).data;
      const now = deps.clock.now();

      // One transaction per appointment and per referral: a person with many stays under DynamoDB's limit, and a
      // failure half-way is finished by the bus's retry (what was done has lost its pointer).
      for (const appointment of await repository.appointmentsOfPerson(personId)) {
        const toCome = appointment.status === 'booked' && Date.parse(appointment.start) > now.getTime();
        const cancelled = toCome ? await cancelAtPartner(appointment, personId, at, now) : undefined;
        if (cancelled === 'cancelled') outcome.cancelled++;
        else {
          if (cancelled === 'agenda-down') outcome.notCancelled++;
          const current = toCome ? await repository.getAppointment(appointment.id) : appointment;
          if (current?.personId === personId) {
            const uow = open();
            repository.forgetInAppointment(uow, current, personId, at);
            // Its agenda did not answer: the cancel is kept with her forgetting, to be asked again (nothing of her in it).
            const pending = cancelled === 'agenda-down' && current.status === 'booked' ? pendingCancelOf(current, now) : undefined;
            if (pending) deps.pendingCancels.keep(uow, pending);
            await uow.commit();
          }
        }
        outcome.appointments++;
      }
      for (const referralId of await repository.referralsOfPerson(personId)) {
        const referral = await repository.getReferral(referralId);
        const links = await repository.bookingLinksOf(referralId);
        const uow = open();
        for (const link of links) repository.deleteBookingLink(uow, link);
        repository.forgetInReferral(uow, personId, referralId, referral);
        await uow.commit();
        outcome.referrals++;
        outcome.links += links.length;
      }
      return outcome;
    },
  };
}
