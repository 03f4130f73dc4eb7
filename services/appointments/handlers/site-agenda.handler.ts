import { httpRoute } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { siteAgenda } from '../use-cases/reads.use-cases';
import { appointmentsDeps } from './deps';

export const handler = httpRoute(appointmentsService, 'siteAgenda', ({ params, query, actor }) =>
  siteAgenda(appointmentsDeps, params.id, query.week, actor),
);
