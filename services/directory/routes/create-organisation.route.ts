import { CreateOrganisationSchema, OrganisationSchema } from '../domain/directory.schema';
import { COORDINATION, directoryRoute, handler } from './common';

export const createOrganisationRoute = directoryRoute({
  id: 'createOrganisation',
  method: 'POST',
  path: '/api/organisations',
  access: COORDINATION,
  handler: handler('create-organisation.handler.ts'),
  summary: 'Créer une structure',
  schemas: { body: CreateOrganisationSchema, response: OrganisationSchema },
  successStatus: 201,
});
