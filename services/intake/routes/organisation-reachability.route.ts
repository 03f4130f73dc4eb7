import { ReachabilitySchema, ReferralParamsSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const organisationReachabilityRoute = intakeRoute({
  id: 'organisationReachability',
  method: 'GET',
  path: '/api/organisations/{id}/reachability',
  access: FIELD,
  handler: handler('organisation-reachability.handler.ts'),
  summary: 'Comment une structure sera prévenue d’une orientation : e-mail, SMS, webhook, comptes ; injoignable sinon',
  schemas: { params: ReferralParamsSchema, response: ReachabilitySchema },
});
