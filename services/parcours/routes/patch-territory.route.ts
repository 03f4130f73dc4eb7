import { PatchTerritorySchema, TerritoryParamsSchema, TerritorySchema } from '../domain/parcours.schema';
import { COORDINATION, handler, parcoursRoute } from './common';

export const patchTerritoryRoute = parcoursRoute({
  id: 'patchTerritory',
  method: 'PATCH',
  path: '/api/territories/{id}',
  access: COORDINATION,
  handler: handler('patch-territory.handler.ts'),
  summary: 'Modifier un territoire (communes, déploiement) ; 409 si la version est périmée',
  schemas: { params: TerritoryParamsSchema, body: PatchTerritorySchema, response: TerritorySchema },
});
