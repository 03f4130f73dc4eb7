import { PersonTokenRequestSchema, PersonTokenSchema } from '../domain/sign-in.schema';
import { handler, intakeRoute } from './common';

export const personTokenRoute = intakeRoute({
  id: 'personToken',
  method: 'POST',
  path: '/api/me/person/token',
  access: 'public',
  handler: handler('person-token.handler.ts'),
  summary:
    'Mon espace : le jeton de la personne (rôle personne, son identifiant seul) contre le code reçu ou son invitation (401 avec les essais restants, 429 avec le délai)',
  publicCredential: 'Code à usage unique ou invitation',
  schemas: { body: PersonTokenRequestSchema, response: PersonTokenSchema },
  errorStatuses: [429],
});
