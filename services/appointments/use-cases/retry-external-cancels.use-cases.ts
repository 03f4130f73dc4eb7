import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { createLogger } from '../../../shared/observability/logger';
import { countMetric } from '../../../shared/observability/metrics';
import { type AppointmentBook, isAgendaDown } from '../book/appointment-book';
import { eventFacts, placeFacts } from '../book/record';
import { relaisBook } from '../book/relais.book';
import type { Appointment, AppointmentsRepository } from '../domain/appointments.ports';
import {
  afterFailedAttempt,
  beforeAttempt,
  type GiveUpReason,
  type PendingCancels,
  type PendingExternalCancel,
} from '../domain/external-cancel';
import { AppointmentCancelled } from '../events/appointments.events';
import { APPOINTMENTS } from '../owner';

const logger = createLogger('appointments');

/** A run stops starting attempts after this (the schedule's function has 2 minutes; an agenda may take 8 s to fail). */
export const RUN_BUDGET_MS = 60_000;

export interface RetryOutcome {
  /** Cancelled in the agenda at last, then here: place freed, `AppointmentCancelled` published, item gone. */
  cancelled: number;
  /** The agenda still did not answer: the attempt counted, the next one later. */
  stillDown: number;
  /** No longer booked (cancelled, honoured or missed meanwhile): dropped without asking the agenda. */
  dropped: number;
  /** Given up (its time came, the limit passed, its organisation left that agenda): an ERROR logged, `ExternalCancelAbandoned` counted. */
  abandoned: number;
  /** Due but left for the next run (the run's time budget was spent). */
  left: number;
}

export interface RetryExternalCancelsDeps {
  repository: AppointmentsRepository;
  clock: { now(): Date };
  newUnitOfWork?: () => UnitOfWork;
  /** The organisation's book (ADR 0042); the built-in one when absent. */
  appointmentBook?(organisationId: string): Promise<AppointmentBook>;
  pendingCancels: PendingCancels;
}

/**
 * Someone acted first: another run on the item (its conditional delete failed), or a cancel of
 * the appointment between its read and this write (the agenda's cancel was made all the same).
 * Nothing to do here: the next run finds the item gone, or drops it.
 */
class HandledElsewhere extends Error {}

/**
 * Ask again the cancels that a person's erasure could not make in an external agenda (ADR 0065).
 * Primary course: the pending cancels due now are read (one query) → for each, the appointment is
 * read → still booked, still to come, its organisation still on that agenda: the book's `release`
 * is asked again → the agenda answers: exactly what the erasure would have written — the
 * appointment cancelled (version + 1), `AppointmentCancelled` without her, the pending item
 * deleted, one transaction.
 * Alternatives: the agenda still does not answer → the attempt is counted and the next one set
 * later (15 min, 1 h, then every 3 h), nothing else changes; once 30 days have passed since the
 * erasure, or the appointment's time has come, or its organisation left that agenda → given up:
 * an ERROR names the appointment and the organisation (never her), `ExternalCancelAbandoned` is
 * counted for the ops alarm, the item is deleted; the appointment is no longer booked (cancelled
 * meanwhile…) → the item is dropped without asking the agenda. An agenda that failed once in a
 * run is not asked again in that run (its other cancels count a failed attempt), and a run starts
 * no attempt after `RUN_BUDGET_MS`. A failure other than the agenda's (the table) leaves the item
 * for the next run and fails this one once every other item was tried.
 */
export function makeRetryExternalCancels(deps: RetryExternalCancelsDeps) {
  const { repository, pendingCancels } = deps;
  const open = () => deps.newUnitOfWork?.() ?? new UnitOfWork();
  const bookOf = (organisationId: string) => deps.appointmentBook?.(organisationId) ?? Promise.resolve(relaisBook(repository));
  const handledElsewhere = () => new HandledElsewhere();

  async function drop(pending: PendingExternalCancel): Promise<'dropped'> {
    const uow = open();
    pendingCancels.remove(uow, pending, handledElsewhere);
    await uow.commit();
    return 'dropped';
  }

  async function giveUp(pending: PendingExternalCancel, why: GiveUpReason, attempts: number): Promise<'abandoned'> {
    const uow = open();
    pendingCancels.remove(uow, pending, handledElsewhere);
    uow.afterCommit(() => countMetric(APPOINTMENTS.service, 'ExternalCancelAbandoned'));
    await uow.commit();
    // Ids only: the appointment, its organisation, the agenda's rdv (an operator cancels it there by hand).
    logger.error('Personne effacée : annulation abandonnée, le rendez-vous reste réservé dans l’agenda externe', {
      appointmentId: pending.appointmentId,
      organisationId: pending.organisationId,
      agenda: pending.external.kind,
      externalId: pending.external.id,
      attempts,
      since: pending.since,
      reason: why,
    });
    return 'abandoned';
  }

  /** One more failed attempt: the next one later, or given up at the limit. */
  async function failed(pending: PendingExternalCancel, now: Date): Promise<'stillDown' | 'abandoned'> {
    const after = afterFailedAttempt(pending, now);
    if (after.do === 'give-up') return giveUp(pending, after.why, pending.attempts + 1);
    const uow = open();
    pendingCancels.remove(uow, pending, handledElsewhere);
    pendingCancels.keep(uow, after.next);
    await uow.commit();
    return 'stillDown';
  }

  async function cancelHere(pending: PendingExternalCancel, appointment: Appointment, uow: UnitOfWork, now: Date): Promise<'cancelled'> {
    // What the erasure writes when the agenda answers (person-erased.use-cases.ts), she being forgotten already.
    const next: Appointment = { ...appointment, status: 'cancelled', updatedAt: now.toISOString(), version: appointment.version + 1 };
    repository.updateAppointment(uow, next, appointment.version, handledElsewhere);
    const site = await repository.getSite(appointment.siteId);
    repository.publish(uow, AppointmentCancelled.create({ ...eventFacts(next, now), ...placeFacts(site), byOrganisationId: '' }));
    pendingCancels.remove(uow, pending, handledElsewhere);
    await uow.commit();
    return 'cancelled';
  }

  return {
    async execute(): Promise<RetryOutcome> {
      const now = deps.clock.now();
      const started = Date.now();
      const outcome: RetryOutcome = { cancelled: 0, stillDown: 0, dropped: 0, abandoned: 0, left: 0 };
      /** Organisations whose agenda failed in this run: not asked again before the next. */
      const down = new Set<string>();
      const failures: unknown[] = [];

      async function retry(pending: PendingExternalCancel): Promise<Exclude<keyof RetryOutcome, 'left'>> {
        const appointment = await repository.getAppointment(pending.appointmentId);
        const first = beforeAttempt(pending, appointment, now);
        if (first.do === 'drop' || !appointment) return drop(pending);
        if (first.do === 'give-up') return giveUp(pending, first.why, pending.attempts);
        if (down.has(pending.organisationId)) return failed(pending, now);
        const book = await bookOf(appointment.organisationId);
        if (book.kind !== pending.external.kind) return giveUp(pending, 'book-changed', pending.attempts);
        const uow = open();
        try {
          await book.release(uow, appointment);
        } catch (error) {
          if (!isAgendaDown(error)) throw error;
          down.add(pending.organisationId);
          return failed(pending, now);
        }
        return cancelHere(pending, appointment, uow, now);
      }

      for (const pending of await pendingCancels.due(now.toISOString())) {
        if (Date.now() - started > RUN_BUDGET_MS) {
          outcome.left++;
          continue;
        }
        try {
          outcome[await retry(pending)]++;
        } catch (error) {
          if (error instanceof HandledElsewhere) continue;
          // The item stays as it was: the next run tries it again.
          logger.warn('Annulation dans l’agenda externe non reprise, nouvel essai au prochain passage', {
            appointmentId: pending.appointmentId,
            error,
          });
          failures.push(error);
        }
      }
      if (failures.length > 0) throw new AggregateError(failures, `${failures.length} annulation(s) externe(s) en échec`);
      return outcome;
    },
  };
}
