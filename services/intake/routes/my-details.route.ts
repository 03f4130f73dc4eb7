import { MyDetailsSchema } from '../domain/person-details.schema';
import { handler, intakeRoute } from './common';

// The person corrects her own details (« Mon espace », ADR 0038).
export const myDetailsRoute = intakeRoute({
  id: 'myDetails',
  method: 'GET',
  path: '/api/me/person/details',
  access: ['personne'],
  handler: handler('my-details.handler.ts'),
  summary: 'Mes coordonnées et mon identité, avec ma demande de correction en attente (la personne)',
  schemas: { response: MyDetailsSchema },
  // Her record erased while her token still runs.
  errorStatuses: [404],
});
