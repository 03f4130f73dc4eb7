import { PersonSearchPageSchema, SearchPersonsQuerySchema } from '../domain/person.schema';
import { FIELD, handler, intakeRoute } from './common';

export const searchPersonsRoute = intakeRoute({
  id: 'searchPersons',
  method: 'GET',
  path: '/api/persons',
  access: FIELD,
  handler: handler('search-persons.handler.ts'),
  summary: 'Rechercher une personne par le début de son nom ou de son prénom (sans accents ni majuscules), date de naissance en option',
  schemas: { query: SearchPersonsQuerySchema, response: PersonSearchPageSchema },
});
