import { ReferralsAtRiskQuerySchema, ReferralsAtRiskSchema } from '../domain/referral.schema';
import { handler, intakeRoute } from './common';

export const referralsAtRiskRoute = intakeRoute({
  id: 'referralsAtRisk',
  method: 'GET',
  path: '/api/referrals-at-risk',
  access: ['pilote', 'admin'],
  handler: handler('referrals-at-risk.handler.ts'),
  summary:
    'Orientations en souffrance : par structure destinataire, orientations envoyées hors Relais, envois en échec, orientations qui expirent bientôt (pilote, admin ; sans personne)',
  schemas: { query: ReferralsAtRiskQuerySchema, response: ReferralsAtRiskSchema },
});
