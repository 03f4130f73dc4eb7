import { DeclineReferralSchema, ReferralParamsSchema, ReferralSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const declineReferralRoute = intakeRoute({
  id: 'declineReferral',
  method: 'POST',
  path: '/api/referrals/{id}/decline',
  access: FIELD,
  handler: handler('decline-referral.handler.ts'),
  summary: 'Refuser une orientation, avec sa catégorie de motif et un commentaire (structure destinataire)',
  schemas: { params: ReferralParamsSchema, body: DeclineReferralSchema, response: ReferralSchema },
});
