import { CloseReferralSchema, ReferralParamsSchema, ReferralSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const closeReferralRoute = intakeRoute({
  id: 'closeReferral',
  method: 'POST',
  path: '/api/referrals/{id}/close',
  access: FIELD,
  handler: handler('close-referral.handler.ts'),
  summary: 'Clôturer une orientation acceptée, avec son résultat codé et un commentaire (structure destinataire)',
  schemas: { params: ReferralParamsSchema, body: CloseReferralSchema, response: ReferralSchema },
});
