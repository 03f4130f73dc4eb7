import { AgendaQuerySchema, AgendaSchema, SiteParamsSchema } from '../domain/appointments.schema';
import { appointmentsRoute, COORDINATION, FIELD, handler } from './common';

export const siteAgendaRoute = appointmentsRoute({
  id: 'siteAgenda',
  method: 'GET',
  path: '/api/sites/{id}/appointments',
  access: [...FIELD, ...COORDINATION],
  handler: handler('site-agenda.handler.ts'),
  summary:
    'L’agenda de la semaine d’un lieu (?week=AAAA-Sss) : ses rendez-vous, pour la structure du lieu et la coordination, sans le dossier des personnes',
  schemas: { params: SiteParamsSchema, query: AgendaQuerySchema, response: AgendaSchema },
});
