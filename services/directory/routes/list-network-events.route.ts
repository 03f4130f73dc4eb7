import { ListNetworkEventsQuerySchema, NetworkEventPageSchema } from '../domain/network-event.schema';
import { directoryRoute, handler } from './common';

export const listNetworkEventsRoute = directoryRoute({
  id: 'listNetworkEvents',
  method: 'GET',
  path: '/api/network-events',
  access: 'authenticated',
  handler: handler('list-network-events.handler.ts'),
  summary: 'Lister les événements du réseau d’une année (formations, immersions, rencontres, conférences)',
  schemas: { query: ListNetworkEventsQuerySchema, response: NetworkEventPageSchema },
});
