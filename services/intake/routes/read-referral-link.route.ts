import { LinkParamsSchema, LinkReferralSchema } from '../domain/referral.schema';
import { handler, intakeRoute } from './common';

export const readReferralLinkRoute = intakeRoute({
  id: 'readReferralLink',
  method: 'GET',
  path: '/api/referral-links/{token}',
  access: 'public',
  handler: handler('read-referral-link.handler.ts'),
  summary:
    'Lien signé d’un partenaire sans compte : la demande, la fiche de liaison et qui contacter (410 une fois l’orientation terminée)',
  publicCredential: 'Lien signé',
  schemas: { params: LinkParamsSchema, response: LinkReferralSchema },
});
