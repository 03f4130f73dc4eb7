import { NetworkReachQuerySchema, NetworkReachSchema } from '../domain/network-event.schema';
import { directoryRoute, handler } from './common';

export const networkReachRoute = directoryRoute({
  id: 'networkReach',
  method: 'GET',
  path: '/api/network-events/reach',
  access: 'authenticated',
  handler: handler('network-reach.handler.ts'),
  summary: 'Nombre de professionnels distincts touchés par la vie du réseau dans l’année',
  schemas: { query: NetworkReachQuerySchema, response: NetworkReachSchema },
});
