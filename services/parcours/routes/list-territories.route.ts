import { TerritoryListSchema } from '../domain/parcours.schema';
import { handler, parcoursRoute } from './common';

export const listTerritoriesRoute = parcoursRoute({
  id: 'listTerritories',
  method: 'GET',
  path: '/api/territories',
  access: 'authenticated',
  handler: handler('list-territories.handler.ts'),
  summary: 'Les territoires (STS) et le déploiement de la démarche référent',
  schemas: { response: TerritoryListSchema },
});
