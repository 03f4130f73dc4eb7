import { PatchConsentsSchema, PersonParamsSchema, PersonSchema } from '../domain/person.schema';
import { FIELD, handler, intakeRoute } from './common';

export const changeConsentsRoute = intakeRoute({
  id: 'changeConsents',
  method: 'PATCH',
  path: '/api/persons/{id}/consents',
  access: FIELD,
  handler: handler('change-consents.handler.ts'),
  summary: 'Modifier les consentements d’une personne (partage dans le réseau, enquêtes par SMS), à sa demande',
  schemas: { params: PersonParamsSchema, body: PatchConsentsSchema, response: PersonSchema },
});
