import { toProblem } from '../../../shared/errors/errors';
import { type RouteResult, reply } from '../../../shared/http/route-handler';
import type { RouteDecl } from '../../../shared/manifest/manifest';
import type { BookResult } from '../book/appointment-book';
import type { AppointmentView } from '../domain/appointments.schema';
import { appointmentsErrors } from '../errors';

/**
 * A booking's answer, for every route that books (the agent's, the self-booking link's, the move
 * link's): the appointment, or 409 `slot.taken` with the next free slots — nothing changed.
 */
export function bookedOrTaken(result: BookResult, route: RouteDecl): AppointmentView | RouteResult {
  if ('booked' in result) return result.booked;
  return reply({
    status: 409,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: { ...toProblem(appointmentsErrors.error('slot.taken'), `${route.method} ${route.path}`), alternatives: result.alternatives },
  });
}
