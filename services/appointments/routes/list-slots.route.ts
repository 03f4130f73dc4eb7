import { SiteParamsSchema, SlotsPageSchema, SlotsQuerySchema } from '../domain/appointments.schema';
import { appointmentsRoute, handler } from './common';

export const listSlotsRoute = appointmentsRoute({
  id: 'listSlots',
  method: 'GET',
  path: '/api/sites/{id}/slots',
  access: 'authenticated',
  handler: handler('list-slots.handler.ts'),
  summary: 'Les créneaux libres d’un lieu entre deux jours (heure de Paris, avec décalage), par pages',
  schemas: { params: SiteParamsSchema, query: SlotsQuerySchema, response: SlotsPageSchema },
  // The organisation's external agenda (ADR 0042) may not answer.
  errorStatuses: [503],
});
