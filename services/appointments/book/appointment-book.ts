import type { Actor } from '../../../shared/auth/actor';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { AppError } from '../../../shared/errors/errors';
import type { UseCaseContext } from '../../../shared/use-case/define-use-case';
import type { Appointment, ReferralCopy, SiteCopy } from '../domain/appointments.ports';
import type { AppointmentView } from '../domain/appointments.schema';
import type { Slot } from '../domain/slots';
import { appointmentsErrors } from '../errors';
import type { AppointmentsDeps } from '../use-cases/appointments.use-cases';

/** A booking: the appointment, or the slot was taken and these are the next free ones. */
export type BookResult = { booked: AppointmentView } | { taken: true; alternatives: Slot[] };

/** What a book needs of its use case's context (the deps, the time, the event emitter, units of work). */
export type BookingContext = Pick<UseCaseContext<unknown, AppointmentsDeps, Actor>, 'deps' | 'now' | 'emit' | 'openUnitOfWork'>;

/** A booking once the caller was allowed (an account of the referral's organisations, or the person's signed link). */
export interface BookingRequest {
  referral: ReferralCopy;
  site: SiteCopy;
  /** The start asked, with its offset. */
  start: string;
  channel?: Appointment['channel'];
  bookedByOrganisationId: string;
  bookedBy: string;
  /** Written in the transaction that records the appointment (the person's link marked used; the old appointment of a move cancelled). */
  alsoWrite?: (uow: UnitOfWork, appointment: Appointment) => void | Promise<void>;
}

/** The free slots asked of a book: Paris days `from` to `to` (included), after an instant, at most `limit`. */
export interface FreeSlotsQuery {
  from: string;
  to: string;
  now: Date;
  after?: number;
  limit: number;
}

/**
 * The `AppointmentBook` port (ADR 0042): where an organisation's slots are kept and taken. The
 * built-in book (`relais.book.ts`) computes them from the availability the site publishes in
 * Relais and takes them with a conditional counter; the RDV-Service-Public one
 * (`rdv-service-public.book.ts`) asks that agenda. Either way the appointment itself, its events
 * and the person's messages are recorded in Relais (`recordAppointment`), so that the referral,
 * the reminders, the partner's notice and the observatory do not depend on the book.
 *
 * Contract (test/integration/appointment-book.contract.int.test.ts, run against both):
 * - `freeSlots` lists the free slots in start order, never one already taken;
 * - `book` of a free slot answers `{ booked }` and the slot is no longer free; of a taken slot,
 *   `{ taken, alternatives }` (the use case's 409 `appointments.slot.taken`); of a start in the
 *   past, 422 `appointments.slot.past` naming `body.start`; an agenda that does not answer,
 *   503 `appointments.book.unavailable` — and nothing recorded;
 * - `release` frees the place of a cancelled appointment (written in `uow`, or done in the
 *   agenda before the transaction that cancels it): the slot is free again.
 */
export interface AppointmentBook {
  readonly kind: 'relais' | 'rdv-service-public';
  freeSlots(site: SiteCopy, query: FreeSlotsQuery): Promise<Slot[]>;
  book(context: BookingContext, request: BookingRequest): Promise<BookResult>;
  release(uow: UnitOfWork, appointment: Appointment): Promise<void>;
}

/** Which book an organisation uses (the directory's choice, carried by `OrganisationChanged`; ADR 0042). */
export type AppointmentBookChoice =
  | { kind: 'relais' }
  | {
      kind: 'rdv-service-public';
      /** The instance, e.g. `https://rdv.anct.gouv.fr` (HTTPS only). */
      baseUrl: string;
      /** The organisation's reference in that instance (its id there), kept for the people who set it up. */
      organisationRef: string;
      /**
       * The NAME of the secret holding the API key (Secrets Manager `relais/<stage>/rdvsp/<name>`
       * on AWS, the setting RELAIS_RDVSP_TOKENS locally), never the key.
       */
      tokenSecretName: string;
    };

/** The organisation's agenda did not answer (503 `appointments.book.unavailable`): the same call may be tried again. */
export const isAgendaDown = (error: unknown) => error instanceof AppError && error.code === appointmentsErrors.code('book.unavailable');
