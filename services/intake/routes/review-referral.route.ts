import { ReferralParamsSchema, ReferralSchema, ReviewReferralSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const reviewReferralRoute = intakeRoute({
  id: 'reviewReferral',
  method: 'POST',
  path: '/api/referrals/{id}/review',
  access: FIELD,
  handler: handler('review-referral.handler.ts'),
  summary: 'Marquer une orientation « en cours d’examen » (structure destinataire)',
  schemas: { params: ReferralParamsSchema, body: ReviewReferralSchema, response: ReferralSchema },
});
