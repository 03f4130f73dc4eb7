import { CreateNetworkEventSchema, NetworkEventSchema } from '../domain/network-event.schema';
import { COORDINATION, directoryRoute, handler } from './common';

export const createNetworkEventRoute = directoryRoute({
  id: 'createNetworkEvent',
  method: 'POST',
  path: '/api/network-events',
  access: COORDINATION,
  handler: handler('create-network-event.handler.ts'),
  summary: 'Enregistrer un événement du réseau et ses participants',
  schemas: { body: CreateNetworkEventSchema, response: NetworkEventSchema },
  successStatus: 201,
});
