import { httpRoute } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { listSlots } from '../use-cases/reads.use-cases';
import { appointmentsDeps } from './deps';

export const handler = httpRoute(appointmentsService, 'listSlots', ({ params, query }) => listSlots(appointmentsDeps, params.id, query));
