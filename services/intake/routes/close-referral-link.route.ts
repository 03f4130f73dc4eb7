import { CloseReferralSchema, LinkParamsSchema, LinkReferralSchema } from '../domain/referral.schema';
import { handler, intakeRoute } from './common';

export const closeReferralLinkRoute = intakeRoute({
  id: 'closeReferralLink',
  method: 'POST',
  path: '/api/referral-links/{token}/close',
  access: 'public',
  handler: handler('close-referral-link.handler.ts'),
  summary: 'Lien signé : clôturer l’orientation acceptée, avec son résultat',
  publicCredential: 'Lien signé',
  schemas: { params: LinkParamsSchema, body: CloseReferralSchema, response: LinkReferralSchema },
});
