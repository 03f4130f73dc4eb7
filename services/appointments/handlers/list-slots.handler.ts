import { httpRoute } from '../../../shared/http/route-handler';
import { listSlotsRoute } from '../routes/list-slots.route';
import { listSlots } from '../use-cases/reads.use-cases';
import { appointmentsDeps } from './deps';

export const handler = httpRoute(listSlotsRoute, ({ params, query }) => listSlots(appointmentsDeps, params.id, query));
