import { ReferralParamsSchema, ReferralSchema, WithdrawReferralSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const withdrawReferralRoute = intakeRoute({
  id: 'withdrawReferral',
  method: 'POST',
  path: '/api/referrals/{id}/withdraw',
  access: FIELD,
  handler: handler('withdraw-referral.handler.ts'),
  summary: 'Retirer une orientation envoyée ou en cours d’examen, avec la raison (structure qui oriente)',
  schemas: { params: ReferralParamsSchema, body: WithdrawReferralSchema, response: ReferralSchema },
});
