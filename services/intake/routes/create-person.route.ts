import { CreatePersonSchema, PersonSchema } from '../domain/person.schema';
import { FIELD, handler, intakeRoute } from './common';

export const createPersonRoute = intakeRoute({
  id: 'createPerson',
  method: 'POST',
  path: '/api/persons',
  access: FIELD,
  handler: handler('create-person.handler.ts'),
  summary: 'Créer la fiche d’une personne avec ses consentements (409 avec les doublons possibles, sauf confirmedNotDuplicateOf)',
  schemas: { body: CreatePersonSchema, response: PersonSchema },
  successStatus: 201,
});
