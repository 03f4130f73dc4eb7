import { CreateReferralSchema, ReferralSchema } from '../domain/referral.schema';
import { FIELD, handler, intakeRoute } from './common';

export const sendReferralRoute = intakeRoute({
  id: 'sendReferral',
  method: 'POST',
  path: '/api/referrals',
  access: FIELD,
  handler: handler('send-referral.handler.ts'),
  summary: 'Orienter une personne vers une structure partenaire, avec la fiche de liaison',
  schemas: { body: CreateReferralSchema, response: ReferralSchema },
  successStatus: 201,
});
