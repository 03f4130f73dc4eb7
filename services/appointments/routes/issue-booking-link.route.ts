import { BookingLinkBodySchema, BookingLinkViewSchema, ReferralParamsSchema } from '../domain/appointments.schema';
import { appointmentsRoute, FIELD, handler } from './common';

export const issueBookingLinkRoute = appointmentsRoute({
  id: 'issueBookingLink',
  method: 'POST',
  path: '/api/referrals/{id}/booking-link',
  access: FIELD,
  handler: handler('issue-booking-link.handler.ts'),
  summary:
    'Envoyer à la personne orientée un lien pour choisir elle-même son rendez-vous dans un lieu de la structure (7 jours, rappel au 3e jour)',
  schemas: { params: ReferralParamsSchema, body: BookingLinkBodySchema, response: BookingLinkViewSchema },
  successStatus: 201,
});
