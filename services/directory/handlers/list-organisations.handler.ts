import { httpRoute } from '../../../shared/http/route-handler';
import { listOrganisationsRoute } from '../routes/list-organisations.route';
import { directoryDeps } from './deps';

export const handler = httpRoute(listOrganisationsRoute, ({ query }) =>
  directoryDeps.repository.listOrganisations({ type: query.type, q: query.q }, query.limit, query.cursor),
);
