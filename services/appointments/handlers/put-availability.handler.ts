import { httpRoute } from '../../../shared/http/route-handler';
import { putAvailabilityRoute } from '../routes/put-availability.route';
import { PutAvailability } from '../use-cases/appointments.use-cases';
import { getAvailability } from '../use-cases/reads.use-cases';
import { appointmentsDeps } from './deps';

const putAvailability = PutAvailability(appointmentsDeps);

export const handler = httpRoute(putAvailabilityRoute, async ({ params, body, actor, correlationId }) => {
  // Committed here (not with the request's unit of work) so the answer reads what was written.
  await putAvailability.execute({ siteId: params.id, availability: body }, actor, { correlationId });
  return getAvailability(appointmentsDeps, params.id);
});
