import { httpRoute } from '../../../shared/http/route-handler';
import { bookAppointmentRoute } from '../routes/book-appointment.route';
import { BookAppointment } from '../use-cases/appointments.use-cases';
import { appointmentsDeps } from './deps';
import { bookedOrTaken } from './slot-taken';

const book = BookAppointment(appointmentsDeps);

/**
 * The use case commits its own transactions (it tries again after losing a race on the slot),
 * so the request's unit of work holds only the idempotency record. A taken slot is a 409
 * problem carrying the next free slots (`alternatives`).
 */
export const handler = httpRoute(bookAppointmentRoute, async ({ body, actor, correlationId, route }) => {
  const result = await book.execute(body, actor, { correlationId });
  return bookedOrTaken(result, route);
});
