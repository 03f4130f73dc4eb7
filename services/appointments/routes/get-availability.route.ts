import { AvailabilityViewSchema, SiteParamsSchema } from '../domain/appointments.schema';
import { appointmentsRoute, handler } from './common';

export const getAvailabilityRoute = appointmentsRoute({
  id: 'getAvailability',
  method: 'GET',
  path: '/api/sites/{id}/availability',
  access: 'authenticated',
  handler: handler('get-availability.handler.ts'),
  summary: 'Les disponibilités d’un lieu pour les rendez-vous (plages, fermetures, horizon, délai de prévenance) et leur version',
  schemas: { params: SiteParamsSchema, response: AvailabilityViewSchema },
});
