import { MyDetailsPatchSchema, MyDetailsResultSchema } from '../domain/person-details.schema';
import { handler, intakeRoute } from './common';

export const patchMyDetailsRoute = intakeRoute({
  id: 'patchMyDetails',
  method: 'PATCH',
  path: '/api/me/person/details',
  access: ['personne'],
  handler: handler('patch-my-details.handler.ts'),
  summary:
    'Corriger mes coordonnées (appliquées tout de suite) ou mon identité (vérifiée par la structure qui m’a enregistrée) (la personne)',
  schemas: { body: MyDetailsPatchSchema, response: MyDetailsResultSchema },
  errorStatuses: [404],
});
