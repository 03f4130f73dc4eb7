import { IdParamsSchema, OrganisationSchema, PatchOrganisationSchema } from '../domain/directory.schema';
import { directoryRoute, EDITORS, handler } from './common';

export const patchOrganisationRoute = directoryRoute({
  id: 'patchOrganisation',
  method: 'PATCH',
  path: '/api/organisations/{id}',
  access: EDITORS,
  handler: handler('patch-organisation.handler.ts'),
  summary: 'Modifier une structure, sa charte, ses contacts et ses canaux de notification (un partenaire : la sienne seulement)',
  schemas: { params: IdParamsSchema, body: PatchOrganisationSchema, response: OrganisationSchema },
});
