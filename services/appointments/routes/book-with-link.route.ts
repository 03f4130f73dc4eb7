import { AppointmentViewSchema, BookingTokenParamsSchema, LinkBookSchema } from '../domain/appointments.schema';
import { appointmentsRoute, handler } from './common';

export const bookWithLinkRoute = appointmentsRoute({
  id: 'bookWithLink',
  method: 'POST',
  path: '/api/booking-links/{token}',
  access: 'public',
  handler: handler('book-with-link.handler.ts'),
  summary:
    'Lien de la personne : choisir son créneau (201) ; 409 avec les prochains créneaux libres s’il vient d’être pris, 410 si le lien a déjà servi',
  publicCredential: 'Lien signé de prise de rendez-vous',
  schemas: { params: BookingTokenParamsSchema, body: LinkBookSchema, response: AppointmentViewSchema },
  successStatus: 201,
  errorStatuses: [410, 503],
});
