import { CreateTerritorySchema, TerritorySchema } from '../domain/parcours.schema';
import { COORDINATION, handler, parcoursRoute } from './common';

export const createTerritoryRoute = parcoursRoute({
  id: 'createTerritory',
  method: 'POST',
  path: '/api/territories',
  access: COORDINATION,
  handler: handler('create-territory.handler.ts'),
  summary: 'Créer un territoire (communes, déploiement de la démarche référent)',
  schemas: { body: CreateTerritorySchema, response: TerritorySchema },
  successStatus: 201,
});
