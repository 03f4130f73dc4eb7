import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'listOrganisations', ({ query }) =>
  directoryDeps.repository.listOrganisations({ type: query.type, q: query.q }, query.limit, query.cursor),
);
