import { httpRoute } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { getAvailability } from '../use-cases/reads.use-cases';
import { appointmentsDeps } from './deps';

export const handler = httpRoute(appointmentsService, 'getAvailability', ({ params }) => getAvailability(appointmentsDeps, params.id));
