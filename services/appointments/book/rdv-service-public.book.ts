import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { Appointment, SiteCopy } from '../domain/appointments.ports';
import { nextDay, toParis } from '../domain/paris-time';
import type { Slot } from '../domain/slots';
import { parisIso } from '../domain/paris-time';
import { appointmentsErrors } from '../errors';
import type { AppointmentBook, BookResult, BookingContext, BookingRequest, FreeSlotsQuery } from './appointment-book';
import { ALTERNATIVES, ALTERNATIVES_DAYS, newAppointment, recordAppointment, slotRefusal, toView } from './record';

/**
 * RDV-Service-Public's API that lists free slots, takes one and cancels it (its `swagger/` in
 * github.com/betagouv/rdv-service-public): `GET /creneaux?date_debut&date_fin`,
 * `POST /rdvs?starts_at`, `PUT /rdvs/{id}/cancel`, the key in a header. Its public API v1
 * (`/api/v1/…`) reads appointments but creates none (ADR 0042).
 */
export const RDV_SP_PREFIX = '/api/visioplainte';
export const RDV_SP_KEY_HEADER = 'X-VISIOPLAINTE-API-KEY';
/** An agenda that does not answer within this is « unavailable » (the agent is waiting). */
export const RDV_SP_TIMEOUT_MS = 8000;

export interface RdvServicePublicOptions {
  /** The instance, e.g. `https://rdv.anct.gouv.fr` (from the organisation's choice in the directory). */
  baseUrl: string;
  /** The API key, read from the secret the organisation's choice names (never in the repository nor an item). */
  token(): Promise<string>;
  /** `globalThis.fetch` in production; the tests' replay of recorded exchanges. */
  fetch?: typeof fetch;
  /** The channel its slots are given as (RDV-Service-Public's slots carry none). */
  channel?: Appointment['channel'];
}

interface Creneau {
  starts_at: string;
  duration_in_min: number;
}
interface Rdv {
  id: number | string;
  starts_at: string;
  ends_at: string;
  status?: string;
}

/** `2024-08-19 08:00:00 +0200` or `2024-08-19T08:00:00+02:00` → the instant (undefined when neither). */
export function parseRdvTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const spaced = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2})$/.exec(value);
  const iso = spaced ? `${spaced[1]}T${spaced[2]}${spaced[3]}${spaced[4]}:${spaced[5]}` : value;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

const unavailable = () => appointmentsErrors.error('book.unavailable');

/**
 * The RDV-Service-Public book (ADR 0042): the organisation keeps its agenda there; Relais asks it
 * for the free slots, takes one (no personal data sent: the agenda holds an anonymous
 * appointment, Relais the person through the referral) and cancels it there. The appointment is
 * recorded in Relais as with the built-in book, with the agenda's id, so the referral, the
 * reminders, the partner's notice and the observatory are the same. « Not available » there is
 * the same 409 (with the next free slots) as here; an agenda that does not answer, refuses the
 * key or answers nonsense is 503 `appointments.book.unavailable`, and nothing is recorded.
 */
export function rdvServicePublicBook(options: RdvServicePublicOptions): AppointmentBook {
  const base = options.baseUrl.replace(/\/+$/, '');
  const channel = options.channel ?? 'site';

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, query: Record<string, string>) {
    const url = new URL(`${base}${RDV_SP_PREFIX}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url.toString(), {
        method,
        headers: { [RDV_SP_KEY_HEADER]: await options.token(), Accept: 'application/json' },
        signal: AbortSignal.timeout(RDV_SP_TIMEOUT_MS),
      });
    } catch {
      throw unavailable();
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }

  /** The agenda's free slots between two Paris days (included), in start order. */
  async function creneaux(from: string, to: string): Promise<Slot[]> {
    const { status, body } = await call('GET', '/creneaux', { date_debut: from, date_fin: to });
    const list = (body as { creneaux?: unknown } | undefined)?.creneaux;
    if (status !== 200 || !Array.isArray(list)) throw unavailable();
    const slots: Slot[] = [];
    for (const c of list as Creneau[]) {
      const start = parseRdvTime(c?.starts_at);
      if (!start || !Number.isInteger(c.duration_in_min) || c.duration_in_min <= 0) throw unavailable();
      const end = new Date(start.getTime() + c.duration_in_min * 60_000);
      slots.push({ start: parisIso(start), end: parisIso(end), channel, remaining: 1 });
    }
    return slots.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }

  async function freeSlots(_site: SiteCopy, query: FreeSlotsQuery): Promise<Slot[]> {
    const after = Math.max(query.now.getTime(), query.after ?? Number.NEGATIVE_INFINITY);
    const slots = await creneaux(query.from, query.to);
    return slots.filter((s) => Date.parse(s.start) > after).slice(0, query.limit);
  }

  async function cancelThere(id: string): Promise<void> {
    const { status } = await call('PUT', `/rdvs/${encodeURIComponent(id)}/cancel`, {});
    // 404: the agenda no longer has it (deleted there) — the place is free either way.
    if (status !== 200 && status !== 404) throw unavailable();
  }

  return {
    kind: 'rdv-service-public',
    freeSlots,

    async book(context: BookingContext, request: BookingRequest): Promise<BookResult> {
      const { now, openUnitOfWork } = context;
      const start = new Date(request.start);
      if (start.getTime() <= now.getTime()) throw slotRefusal('past');
      if (request.channel && request.channel !== channel) throw slotRefusal('not-offered');
      const { status, body } = await call('POST', '/rdvs', { starts_at: parisIso(start) });
      if (status === 422) {
        // « Pas de créneau disponible à la date demandée »: taken (or never offered) — the next free ones.
        const from = toParis(start.getTime()).date;
        const alternatives = await freeSlots(request.site, { from, to: nextDay(from, ALTERNATIVES_DAYS), now, after: start.getTime(), limit: ALTERNATIVES });
        return { taken: true, alternatives };
      }
      const rdv = body as Rdv | undefined;
      const bookedStart = parseRdvTime(rdv?.starts_at);
      const bookedEnd = parseRdvTime(rdv?.ends_at);
      if (status !== 201 || rdv?.id === undefined || !bookedStart || !bookedEnd) throw unavailable();
      const appointment = newAppointment(context, request, { start: bookedStart, end: bookedEnd, channel }, {
        kind: 'rdv-service-public',
        id: String(rdv.id),
      });
      const uow = openUnitOfWork();
      try {
        await recordAppointment(context, uow, request, appointment);
        await uow.commit();
      } catch (error) {
        // Not recorded here (the link was used meanwhile, the table did not answer): free the agenda's slot again.
        await cancelThere(String(rdv.id)).catch(() => undefined);
        throw error;
      }
      return { booked: toView(appointment) };
    },

    async release(_uow: UnitOfWork, appointment: Appointment) {
      if (appointment.external?.kind !== 'rdv-service-public') return;
      await cancelThere(appointment.external.id);
    },
  };
}
