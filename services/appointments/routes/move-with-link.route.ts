import { AppointmentViewSchema, BookingTokenParamsSchema, MoveSchema } from '../domain/appointments.schema';
import { appointmentsRoute, handler } from './common';

export const moveWithLinkRoute = appointmentsRoute({
  id: 'moveWithLink',
  method: 'POST',
  path: '/api/appointment-links/{token}/move',
  access: 'public',
  handler: handler('move-with-link.handler.ts'),
  summary:
    'Lien du SMS : la personne déplace son rendez-vous sur un autre créneau libre (201, l’ancien annulé dans la même écriture) ; 409 avec les prochains créneaux libres s’il vient d’être pris',
  publicCredential: 'Lien signé du rendez-vous (SMS de la personne)',
  schemas: { params: BookingTokenParamsSchema, body: MoveSchema, response: AppointmentViewSchema },
  successStatus: 201,
  errorStatuses: [409, 410, 503],
});
