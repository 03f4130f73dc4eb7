import { httpRoute } from '../../../shared/http/route-handler';
import { getAvailabilityRoute } from '../routes/get-availability.route';
import { getAvailability } from '../use-cases/reads.use-cases';
import { appointmentsDeps } from './deps';

export const handler = httpRoute(getAvailabilityRoute, ({ params }) => getAvailability(appointmentsDeps, params.id));
