import { DeclineReferralSchema, LinkParamsSchema, LinkReferralSchema } from '../domain/referral.schema';
import { handler, intakeRoute } from './common';

export const declineReferralLinkRoute = intakeRoute({
  id: 'declineReferralLink',
  method: 'POST',
  path: '/api/referral-links/{token}/decline',
  access: 'public',
  handler: handler('decline-referral-link.handler.ts'),
  summary: 'Lien signé : refuser l’orientation, avec sa catégorie de motif',
  publicCredential: 'Lien signé',
  schemas: { params: LinkParamsSchema, body: DeclineReferralSchema, response: LinkReferralSchema },
});
