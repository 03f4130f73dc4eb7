import { AcceptReferralSchema, LinkParamsSchema, LinkReferralSchema } from '../domain/referral.schema';
import { handler, intakeRoute } from './common';

export const acceptReferralLinkRoute = intakeRoute({
  id: 'acceptReferralLink',
  method: 'POST',
  path: '/api/referral-links/{token}/accept',
  access: 'public',
  handler: handler('accept-referral-link.handler.ts'),
  summary: 'Lien signé : accepter l’orientation',
  publicCredential: 'Lien signé',
  schemas: { params: LinkParamsSchema, body: AcceptReferralSchema, response: LinkReferralSchema },
});
