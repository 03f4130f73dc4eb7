import * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { type UseCaseContext, defineUseCase } from '../../../shared/use-case/define-use-case';
import { IsoDateTimeSchema } from '../../../shared/validation/common.schema';
import { createLogger } from '../../../shared/observability/logger';
import { appointmentOfManageToken } from '../domain/manage-link';
import type { Appointment, ReferralCopy } from '../domain/appointments.ports';
import type { AppointmentView } from '../domain/appointments.schema';
import { CHANNELS } from '../domain/availability';
import { nextDay, parisIso, toParis } from '../domain/paris-time';
import type { Slot } from '../domain/slots';
import { BOOKING_ATTEMPTS, eventFacts, placeFacts, toView } from '../book/record';
import { isSlotRace } from '../book/relais.book';
import { appointmentsErrors } from '../errors';
import { AppointmentBooked, AppointmentCancelled } from '../events/appointments.events';
import { type BookResult, bookOf, placeBooking } from './appointments.use-cases';
import type { BookingLinkDeps } from './booking-links.use-cases';

const logger = createLogger('appointments');
/** How far her page proposes other slots (as the self-booking page). */
const PAGE_DAYS = 21;
const PAGE_SLOTS = 60;
const OPEN: ReadonlyArray<ReferralCopy['status']> = ['sent', 'accepted'];

/**
 * The appointment of a token of the person's link (ADR 0042): a well-signed token of a known
 * appointment (401 otherwise, never saying why), before its start (410 after: the link ends
 * with the appointment).
 */
async function appointmentOfToken(deps: BookingLinkDeps, token: string, now: Date) {
  const id = appointmentOfManageToken(token, await deps.linkSecret());
  const appointment = id ? await deps.repository.getAppointment(id) : undefined;
  if (!appointment) throw appointmentsErrors.error('manage.invalid');
  if (now.getTime() >= Date.parse(appointment.start)) throw appointmentsErrors.error('manage.started');
  const site = await deps.repository.getSite(appointment.siteId);
  if (!site) throw appointmentsErrors.error('manage.invalid');
  return { appointment, site };
}

export interface AppointmentLinkPage {
  appointment: { start: string; end: string; channel: Appointment['channel']; status: Appointment['status'] };
  siteId: string;
  siteName: string;
  siteAddress?: string;
  sitePhone?: string;
  /** Other free slots of the site (only while it is booked), to move it. */
  items: Slot[];
}

/**
 * The person opens the link of her SMS: her appointment (when, where, how; the place's public
 * address and phone) and, while it is booked, the site's free slots of the next three weeks.
 * Nothing about her: the link alone is the credential, for one appointment until its start.
 */
export function makeReadAppointmentLink(deps: BookingLinkDeps) {
  return {
    async execute(token: string): Promise<AppointmentLinkPage> {
      const now = deps.clock.now();
      const { appointment, site } = await appointmentOfToken(deps, token, now);
      let items: Slot[] = [];
      if (appointment.status === 'booked') {
        const from = toParis(now).date;
        const book = await bookOf(deps, site.organisationId);
        const own = parisIso(new Date(appointment.start));
        items = (await book.freeSlots(site, { from, to: nextDay(from, PAGE_DAYS), now, limit: PAGE_SLOTS + 1 }))
          .filter((s) => !(s.start === own && s.channel === appointment.channel))
          .slice(0, PAGE_SLOTS);
      }
      return {
        appointment: {
          start: parisIso(new Date(appointment.start)),
          end: parisIso(new Date(appointment.end)),
          channel: appointment.channel,
          status: appointment.status,
        },
        siteId: site.siteId,
        siteName: site.name,
        ...(site.address ? { siteAddress: site.address } : {}),
        ...(site.phone ? { sitePhone: site.phone } : {}),
        items,
      };
    },
  };
}

/** The route's check of the token before any `Idempotency-Key`: the link is the caller. */
export function makeVerifyAppointmentLink(deps: BookingLinkDeps) {
  return {
    async execute(token: string): Promise<{ caller: string }> {
      const { appointment } = await appointmentOfToken(deps, token, deps.clock.now());
      return { caller: `appointment-link:${appointment.id}` };
    },
  };
}

const TokenSchema = z.string().min(16).max(2048);

/**
 * The person cancels her appointment with her link. Primary course: the link verifies, the
 * appointment is still booked and to come → it is cancelled and its place freed in the
 * organisation's book in one transaction (tried again when a booking moved the slot's counter
 * meanwhile), with `AppointmentCancelled` (`byPerson`): the partner gets the cancelling calendar
 * file, the referral the step. Already cancelled or moved: 409.
 */
export const CancelWithLink = defineUseCase({
  name: 'appointments.cancelWithLink',
  input: z.object({ token: TokenSchema }),
  actor: 'none',
  emits: [AppointmentCancelled],
  async run({
    input,
    deps,
    now,
    emit,
    openUnitOfWork,
  }: UseCaseContext<{ token: string }, BookingLinkDeps, Actor | null>): Promise<AppointmentView> {
    for (let attempt = 1; ; attempt++) {
      const { appointment, site } = await appointmentOfToken(deps, input.token, now);
      if (appointment.status !== 'booked') throw appointmentsErrors.error('manage.not-booked');
      const next: Appointment = { ...appointment, status: 'cancelled', updatedAt: now.toISOString(), version: appointment.version + 1 };
      const uow = openUnitOfWork();
      deps.repository.updateAppointment(uow, next, appointment.version, () => appointmentsErrors.error('manage.not-booked'));
      await (await bookOf(deps, appointment.organisationId)).release(uow, appointment);
      emit(AppointmentCancelled, { ...eventFacts(next, now), ...placeFacts(site), byOrganisationId: '', byPerson: true }, uow);
      try {
        await uow.commit();
        return toView(next);
      } catch (error) {
        if (!isSlotRace(error) || attempt >= BOOKING_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  },
});

/**
 * The person moves her appointment to another free slot with her link. Primary course: the
 * link verifies, the appointment is still booked and to come, its referral still open → the new
 * slot is booked in the organisation's book (same checks as any booking: 422 naming
 * `body.start`) and, **in the same transaction**, the old appointment is cancelled (on the
 * condition that it still is at the version read) and — in Relais' own book — its place freed:
 * never two held, never none. The new slot taken meanwhile: nothing changes, 409 with the next
 * free slots. With an external agenda (ADR 0042) the old one is cancelled there once the new
 * one is recorded (a failure there is logged: the old place may stay held in that agenda).
 * Events: `AppointmentCancelled` (`byPerson`, `movedTo`), then `AppointmentBooked`: the partner
 * gets the cancelling calendar file and the new one; the person, the messages of the new one.
 */
export const MoveWithLink = defineUseCase({
  name: 'appointments.moveWithLink',
  input: z.object({ token: TokenSchema, start: IsoDateTimeSchema, channel: z.enum(CHANNELS).optional() }),
  actor: 'none',
  emits: [AppointmentBooked, AppointmentCancelled],
  async run({
    input,
    deps,
    now,
    emit,
    openUnitOfWork,
  }: UseCaseContext<
    { token: string; start: string; channel?: (typeof CHANNELS)[number] },
    BookingLinkDeps,
    Actor | null
  >): Promise<BookResult> {
    const { appointment: old, site } = await appointmentOfToken(deps, input.token, now);
    if (old.status !== 'booked') throw appointmentsErrors.error('manage.not-booked');
    const referral = await deps.repository.getReferral(old.referralId);
    if (!referral || !OPEN.includes(referral.status)) throw appointmentsErrors.error('manage.closed');
    if (Date.parse(input.start) === Date.parse(old.start) && (input.channel ?? old.channel) === old.channel) {
      throw appointmentsErrors.error('move.same-slot', {
        errors: [{ path: 'body.start', message: 'C’est l’heure du rendez-vous actuel' }],
      });
    }
    const oldBook = await bookOf(deps, old.organisationId);
    const result = await placeBooking(
      { deps, now, emit, openUnitOfWork },
      {
        referral,
        site,
        start: input.start,
        channel: input.channel,
        bookedByOrganisationId: old.bookedByOrganisationId,
        bookedBy: 'lien-personne',
        alsoWrite: async (uow, appointment) => {
          const cancelled: Appointment = { ...old, status: 'cancelled', updatedAt: now.toISOString(), version: old.version + 1 };
          deps.repository.updateAppointment(uow, cancelled, old.version, () => appointmentsErrors.error('manage.not-booked'));
          if (oldBook.kind === 'relais') await oldBook.release(uow, old);
          emit(
            AppointmentCancelled,
            { ...eventFacts(cancelled, now), ...placeFacts(site), byOrganisationId: '', byPerson: true, movedTo: appointment.id },
            uow,
          );
        },
      },
    );
    if ('booked' in result && oldBook.kind !== 'relais') {
      await oldBook.release(openUnitOfWork(), old).catch(() => {
        logger.warn('Déplacement : l’ancien rendez-vous n’a pas pu être annulé dans l’agenda externe', { appointmentId: old.id });
      });
    }
    return result;
  },
});
