import { PatchMyConsentsSchema, PersonSchema } from '../domain/person.schema';
import { handler, intakeRoute } from './common';

export const changeMyConsentsRoute = intakeRoute({
  id: 'changeMyConsents',
  method: 'PATCH',
  path: '/api/me/person/consents',
  access: ['personne'],
  handler: handler('change-my-consents.handler.ts'),
  summary: 'La personne modifie elle-même ses accords (partage dans le réseau, enquêtes par SMS, être contactée), en ligne',
  schemas: { body: PatchMyConsentsSchema, response: PersonSchema },
  errorStatuses: [404],
});
