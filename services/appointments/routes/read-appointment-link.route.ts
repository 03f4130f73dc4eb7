import { AppointmentLinkPageSchema, BookingTokenParamsSchema } from '../domain/appointments.schema';
import { appointmentsRoute, handler } from './common';

export const readAppointmentLinkRoute = appointmentsRoute({
  id: 'readAppointmentLink',
  method: 'GET',
  path: '/api/appointment-links/{token}',
  access: 'public',
  handler: handler('read-appointment-link.handler.ts'),
  summary:
    'Lien du SMS de la personne (sans compte) : son rendez-vous, le lieu (adresse, téléphone) et les autres créneaux libres ; 410 une fois l’heure venue',
  publicCredential: 'Lien signé du rendez-vous (SMS de la personne)',
  schemas: { params: BookingTokenParamsSchema, response: AppointmentLinkPageSchema },
  errorStatuses: [410, 503],
});
