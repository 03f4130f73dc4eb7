import { toProblem } from '../../../shared/errors/errors';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { appointmentsErrors } from '../errors';
import { appointmentsService } from '../service';
import { BookAppointment } from '../use-cases/appointments.use-cases';
import { appointmentsDeps } from './deps';

const book = BookAppointment(appointmentsDeps);

/**
 * The use case commits its own transactions (it tries again after losing a race on the slot),
 * so the request's unit of work holds only the idempotency record. A taken slot is a 409
 * problem carrying the next free slots (`alternatives`).
 */
export const handler = httpRoute(appointmentsService, 'bookAppointment', async ({ body, actor, correlationId, route }) => {
  const result = await book.execute(body, actor, { correlationId });
  if ('booked' in result) return result.booked;
  return reply({
    status: 409,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: { ...toProblem(appointmentsErrors.error('slot.taken'), `${route.method} ${route.path}`), alternatives: result.alternatives },
  });
});
