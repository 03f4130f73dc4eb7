import type { Actor } from '../../../shared/auth/actor';
import { authorize } from '../../../shared/auth/policy';
import { cursorKey, invalidCursor, signCursor, verifyCursor } from '../../../shared/dynamo/paging';
import { appointmentsErrors } from '../errors';
import type { AppointmentsRepository } from '../domain/appointments.ports';
import type { AppointmentBook } from '../book/appointment-book';
import type { Agenda, AvailabilityView } from '../domain/appointments.schema';
import { mondayOfWeek, weekOfDate } from '../domain/iso-week';
import { AvailabilitySchema } from '../domain/availability';
import { appointmentIcs as calendarFile } from '../../../shared/calendar/appointment';
import { fromParis, nextDay, parisIso, toParis } from '../domain/paris-time';
import { type Slot, type Taken, freeSlots, takenKey } from '../domain/slots';

interface ReadDeps {
  repository: AppointmentsRepository;
  clock: { now(): Date };
  /** The book of an organisation (ADR 0042); the built-in one when absent. */
  appointmentBook?(organisationId: string): Promise<AppointmentBook>;
}

/** What a site that publishes nothing offers: no range, the defaults of the schema. */
const NOTHING = AvailabilitySchema.parse({ ranges: [] });

/** A site's availability; version 0 and no range when it publishes none (yet). 404 for a site the directory never announced. */
export async function getAvailability(deps: ReadDeps, siteId: string): Promise<AvailabilityView> {
  const [site, stored] = await Promise.all([deps.repository.getSite(siteId), deps.repository.getAvailability(siteId)]);
  if (!site && !stored) throw appointmentsErrors.error('site.unknown');
  return { siteId, ...(stored?.availability ?? NOTHING), version: stored?.version ?? 0, updatedAt: stored?.updatedAt ?? null };
}

/** The book of the site's organisation when it is not Relais' own (its slots are then that agenda's). */
async function externalBook(deps: ReadDeps, siteId: string) {
  if (!deps.appointmentBook) return undefined;
  const site = await deps.repository.getSite(siteId);
  if (!site) return undefined;
  const book = await deps.appointmentBook(site.organisationId);
  return book.kind === 'relais' ? undefined : { book, site };
}

/**
 * A site's free slots between two Paris days (`to` included), in start order, one page at a
 * time: the cursor is the last start given (signed), so the next page starts after it. A page
 * never splits the slots of one start (several channels at the same time).
 */
export async function listSlots(
  deps: ReadDeps,
  siteId: string,
  query: { from: string; to: string; limit: number; cursor?: string },
): Promise<{ items: Slot[]; nextCursor: string | null }> {
  const view = await getAvailability(deps, siteId);
  let after: number | undefined;
  if (query.cursor) {
    const value = verifyCursor(query.cursor, await cursorKey()) as { slotsAfter?: unknown; siteId?: unknown } | null;
    if (!value || typeof value.slotsAfter !== 'number' || value.siteId !== siteId) throw invalidCursor();
    after = value.slotsAfter;
  }
  const now = deps.clock.now();
  const external = await externalBook(deps, siteId);
  const fromMs = Math.max(now.getTime(), (fromParis(query.from, '00:00') ?? now).getTime(), (after ?? 0) + 1);
  const toMs = (fromParis(nextDay(query.to), '00:00') ?? now).getTime();
  const counters = toMs > fromMs && !external ? await deps.repository.countersBetween(siteId, fromMs, toMs) : [];
  const taken: Taken = new Map(counters.map((c) => [takenKey(c.startMs, c.channel), c.taken]));
  const { siteId: _s, version: _v, updatedAt: _u, ...availability } = view;
  // One more than the page, and as many as there are channels, to know whether a start is split.
  const slotQuery = { from: query.from, to: query.to, now, after, limit: query.limit + 3 };
  const found = external ? await external.book.freeSlots(external.site, slotQuery) : freeSlots(availability, taken, slotQuery);
  if (found.length <= query.limit) return { items: found, nextCursor: null };
  let items = found.slice(0, query.limit);
  const boundary = found[query.limit]?.start;
  const whole = items.filter((s) => s.start !== boundary);
  if (whole.length > 0) items = whole;
  const last = items[items.length - 1];
  const nextCursor = last ? signCursor({ siteId, slotsAfter: Date.parse(last.start) }, await cursorKey()) : null;
  return { items, nextCursor };
}

/**
 * The appointment as a calendar file, for the organisation that booked it, the site's and the
 * coordination: the place, the time and the channel, never the person.
 */
export async function appointmentIcs(deps: ReadDeps, id: string, actor: Actor): Promise<string> {
  const appointment = await deps.repository.getAppointment(id);
  if (!appointment) throw appointmentsErrors.error('appointment.not-found');
  authorize(
    'appointments.read',
    actor,
    {
      sendingOrganisation: actor.organisationId === appointment.bookedByOrganisationId,
      ownOrganisation: actor.organisationId === appointment.organisationId,
    },
    appointmentsErrors.error('appointment.not-found'),
  );
  const site = await deps.repository.getSite(appointment.siteId);
  return calendarFile({
    appointmentId: appointment.id,
    start: appointment.start,
    end: appointment.end,
    channel: appointment.channel,
    ...(site?.name ? { siteName: site.name } : {}),
    ...(site?.address ? { siteAddress: site.address } : {}),
    changedAt: appointment.updatedAt,
    sequence: appointment.version - 1,
    cancelled: appointment.status === 'cancelled',
  });
}

/**
 * The partner's agenda of the week (ADR 0042): a site's appointments starting in one ISO week
 * (Paris Monday 00:00 to the next Monday), in start order, for the site's organisation and the
 * coordination. Read through the pointers each booking writes in the site's partition (a query,
 * no scan). No person's file is read, nothing of her is given: the list is the appointments'.
 */
export async function siteAgenda(deps: ReadDeps, siteId: string, week: string | undefined, actor: Actor): Promise<Agenda> {
  const site = await deps.repository.getSite(siteId);
  if (!site) throw appointmentsErrors.error('site.unknown');
  authorize(
    'appointments.agenda',
    actor,
    { ownOrganisation: actor.organisationId === site.organisationId },
    appointmentsErrors.error('agenda.forbidden'),
  );
  const theWeek = week ?? weekOfDate(toParis(deps.clock.now()).date);
  const monday = mondayOfWeek(theWeek);
  if (!monday) throw new Error(`Not an ISO week: ${theWeek}`);
  const from = fromParis(monday, '00:00');
  const to = fromParis(nextDay(monday, 7), '00:00');
  if (!from || !to) throw new Error(`No Paris midnight on ${monday}`);
  const appointments = await deps.repository.appointmentsOfSite(siteId, from.toISOString(), to.toISOString());
  return {
    siteId,
    siteName: site.name,
    week: theWeek,
    from: monday,
    to: nextDay(monday, 6),
    items: appointments
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((a) => ({
        id: a.id,
        start: parisIso(new Date(a.start)),
        end: parisIso(new Date(a.end)),
        channel: a.channel,
        status: a.status,
        referralId: a.referralId,
        bookedByOrganisationId: a.bookedByOrganisationId,
        person: {},
      })),
  };
}
