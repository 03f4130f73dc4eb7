import { LinkParamsSchema, LinkReferralSchema, ReviewReferralSchema } from '../domain/referral.schema';
import { handler, intakeRoute } from './common';

export const reviewReferralLinkRoute = intakeRoute({
  id: 'reviewReferralLink',
  method: 'POST',
  path: '/api/referral-links/{token}/review',
  access: 'public',
  handler: handler('review-referral-link.handler.ts'),
  summary: 'Lien signé : marquer l’orientation « en cours d’examen »',
  publicCredential: 'Lien signé',
  schemas: { params: LinkParamsSchema, body: ReviewReferralSchema, response: LinkReferralSchema },
});
