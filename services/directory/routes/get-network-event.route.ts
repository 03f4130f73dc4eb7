import { IdParamsSchema } from '../domain/directory.schema';
import { NetworkEventSchema } from '../domain/network-event.schema';
import { directoryRoute, handler } from './common';

export const getNetworkEventRoute = directoryRoute({
  id: 'getNetworkEvent',
  method: 'GET',
  path: '/api/network-events/{id}',
  access: 'authenticated',
  handler: handler('get-network-event.handler.ts'),
  summary: 'Lire un événement du réseau',
  schemas: { params: IdParamsSchema, response: NetworkEventSchema },
});
