import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'listServices', ({ query }) =>
  directoryDeps.repository.listServices({ organisationId: query.organisationId, theme: query.theme }, query.limit, query.cursor),
);
