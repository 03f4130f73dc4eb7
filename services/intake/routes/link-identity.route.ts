import { PersonParamsSchema } from '../domain/person.schema';
import { IdentityLinkRequestSchema, IdentityLinkSchema } from '../domain/sign-in.schema';
import { FIELD, handler, intakeRoute } from './common';

export const linkIdentityRoute = intakeRoute({
  id: 'linkIdentity',
  method: 'POST',
  path: '/api/persons/{id}/identity-link',
  access: FIELD,
  handler: handler('link-identity.handler.ts'),
  summary:
    'Relier l’identité FranceConnect de la personne à son dossier (confirmée une fois, jamais par le nom) ; 409 si elle est reliée à une autre personne ; professionnel qui lit son dossier complet',
  schemas: { params: PersonParamsSchema, body: IdentityLinkRequestSchema, response: IdentityLinkSchema },
  successStatus: 201,
  errorStatuses: [409],
});
