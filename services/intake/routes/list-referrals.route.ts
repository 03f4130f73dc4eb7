import { ListReferralsQuerySchema, ReferralPageSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const listReferralsRoute = intakeRoute({
  id: 'listReferrals',
  method: 'GET',
  path: '/api/referrals',
  access: FIELD,
  handler: handler('list-referrals.handler.ts'),
  summary: 'Orientations reçues (box=incoming) ou envoyées (box=outgoing) par ma structure, filtre par statut',
  schemas: { query: ListReferralsQuerySchema, response: ReferralPageSchema },
});
