import { httpRoute } from '../../../shared/http/route-handler';
import { listNetworkEventsRoute } from '../routes/list-network-events.route';
import { directoryDeps } from './deps';

export const handler = httpRoute(listNetworkEventsRoute, ({ query }) =>
  directoryDeps.repository.listNetworkEvents(
    query.year ?? directoryDeps.clock.now().getUTCFullYear(),
    query.limit,
    query.cursor,
    query.kind,
  ),
);
