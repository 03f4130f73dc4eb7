import { ReferralParamsSchema, ReferralSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const getReferralRoute = intakeRoute({
  id: 'getReferral',
  method: 'GET',
  path: '/api/referrals/{id}',
  access: FIELD,
  handler: handler('get-referral.handler.ts'),
  summary: 'Lire une orientation, sa fiche de liaison et son historique (structure qui oriente ou destinataire)',
  schemas: { params: ReferralParamsSchema, response: ReferralSchema },
});
