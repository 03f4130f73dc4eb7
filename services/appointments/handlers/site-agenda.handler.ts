import { httpRoute } from '../../../shared/http/route-handler';
import { siteAgendaRoute } from '../routes/site-agenda.route';
import { siteAgenda } from '../use-cases/reads.use-cases';
import { appointmentsDeps } from './deps';

export const handler = httpRoute(siteAgendaRoute, ({ params, query, actor }) => siteAgenda(appointmentsDeps, params.id, query.week, actor));
