import { AcceptReferralSchema, ReferralParamsSchema, ReferralSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const acceptReferralRoute = intakeRoute({
  id: 'acceptReferral',
  method: 'POST',
  path: '/api/referrals/{id}/accept',
  access: FIELD,
  handler: handler('accept-referral.handler.ts'),
  summary: 'Accepter une orientation (structure destinataire)',
  schemas: { params: ReferralParamsSchema, body: AcceptReferralSchema, response: ReferralSchema },
});
