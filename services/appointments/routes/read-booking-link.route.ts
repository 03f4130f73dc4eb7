import { BookingPageSchema, BookingTokenParamsSchema } from '../domain/appointments.schema';
import { appointmentsRoute, handler } from './common';

export const readBookingLinkRoute = appointmentsRoute({
  id: 'readBookingLink',
  method: 'GET',
  path: '/api/booking-links/{token}',
  access: 'public',
  handler: handler('read-booking-link.handler.ts'),
  summary: 'Lien de la personne (sans compte) : le lieu et ses prochains créneaux libres ; 410 une fois le rendez-vous choisi',
  publicCredential: 'Lien signé de prise de rendez-vous',
  schemas: { params: BookingTokenParamsSchema, response: BookingPageSchema },
  errorStatuses: [410, 503],
});
