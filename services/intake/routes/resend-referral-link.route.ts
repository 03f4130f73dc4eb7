import { ReferralParamsSchema, ReferralSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const resendReferralLinkRoute = intakeRoute({
  id: 'resendReferralLink',
  method: 'POST',
  path: '/api/referrals/{id}/link',
  access: FIELD,
  handler: handler('resend-referral-link.handler.ts'),
  summary: 'Renvoyer à la structure destinataire le lien signé de l’orientation (structure qui oriente)',
  schemas: { params: ReferralParamsSchema, response: ReferralSchema },
});
