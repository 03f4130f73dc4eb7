import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { networkReach } from '../use-cases/network-events.use-cases';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'networkReach', async ({ query }) =>
  networkReach(query.year, await directoryDeps.repository.allNetworkEvents(query.year)),
);
