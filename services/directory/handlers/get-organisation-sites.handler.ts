import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'getOrganisationSites', ({ params, query }) =>
  directoryDeps.repository.listSites({ organisationId: params.id }, query.limit, query.cursor),
);
