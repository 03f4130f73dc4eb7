import { AvailabilityViewSchema, SiteParamsSchema } from '../domain/appointments.schema';
import { PutAvailabilitySchema } from '../domain/availability';
import { appointmentsRoute, handler } from './common';

export const putAvailabilityRoute = appointmentsRoute({
  id: 'putAvailability',
  method: 'PUT',
  path: '/api/sites/{id}/availability',
  access: ['pilote', 'admin', 'partenaire'],
  handler: handler('put-availability.handler.ts'),
  summary: 'Publier les disponibilités d’un lieu (coordination, ou partenaire du lieu) ; 409 si elles ont changé depuis la version lue',
  schemas: { params: SiteParamsSchema, body: PutAvailabilitySchema, response: AvailabilityViewSchema },
});
