import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'listSites', ({ query }) =>
  directoryDeps.repository.listSites(
    { communeCode: query.commune, theme: query.theme, unconditional: query.unconditional, organisationId: query.organisationId },
    query.limit,
    query.cursor,
  ),
);
