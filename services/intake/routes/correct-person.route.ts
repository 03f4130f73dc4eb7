import { CorrectPersonSchema, PersonParamsSchema, PersonSchema } from '../domain/person.schema';
import { FIELD, handler, intakeRoute } from './common';

export const correctPersonRoute = intakeRoute({
  id: 'correctPerson',
  method: 'PATCH',
  path: '/api/persons/{id}',
  access: FIELD,
  handler: handler('correct-person.handler.ts'),
  summary:
    'Corriger l’identité ou les coordonnées d’une personne, avec le motif (structure qui l’a enregistrée ; 409 avec les doublons possibles)',
  schemas: { params: PersonParamsSchema, body: CorrectPersonSchema, response: PersonSchema },
});
