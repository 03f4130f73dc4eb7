import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'listNetworkEvents', ({ query }) =>
  directoryDeps.repository.listNetworkEvents(
    query.year ?? directoryDeps.clock.now().getUTCFullYear(),
    query.limit,
    query.cursor,
    query.kind,
  ),
);
