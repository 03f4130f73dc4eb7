import { httpRoute } from '../../../shared/http/route-handler';
import { networkReachRoute } from '../routes/network-reach.route';
import { networkReach } from '../use-cases/network-events.use-cases';
import { directoryDeps } from './deps';

export const handler = httpRoute(networkReachRoute, async ({ query }) =>
  networkReach(query.year, await directoryDeps.repository.allNetworkEvents(query.year)),
);
