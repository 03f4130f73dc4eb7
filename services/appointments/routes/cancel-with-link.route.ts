import { AppointmentViewSchema, BookingTokenParamsSchema } from '../domain/appointments.schema';
import { appointmentsRoute, handler } from './common';

export const cancelWithLinkRoute = appointmentsRoute({
  id: 'cancelWithLink',
  method: 'POST',
  path: '/api/appointment-links/{token}/cancel',
  access: 'public',
  handler: handler('cancel-with-link.handler.ts'),
  summary:
    'Lien du SMS : la personne annule son rendez-vous (la place est libérée, la structure prévenue) ; 409 s’il l’est déjà, 410 une fois l’heure venue',
  publicCredential: 'Lien signé du rendez-vous (SMS de la personne)',
  schemas: { params: BookingTokenParamsSchema, response: AppointmentViewSchema },
  errorStatuses: [409, 410, 503],
});
