import { PersonParamsSchema } from '../domain/person.schema';
import { IdentityLinkSchema } from '../domain/sign-in.schema';
import { FIELD, handler, intakeRoute } from './common';

export const unlinkIdentityRoute = intakeRoute({
  id: 'unlinkIdentity',
  method: 'DELETE',
  path: '/api/persons/{id}/identity-link',
  access: FIELD,
  handler: handler('unlink-identity.handler.ts'),
  summary: 'Retirer le lien entre l’identité FranceConnect de la personne et son dossier ; mêmes professionnels',
  schemas: { params: PersonParamsSchema, response: IdentityLinkSchema },
});
