import { httpRoute } from '../../../shared/http/route-handler';
import { serviceView } from '../domain/site-view';
import { listServicesRoute } from '../routes/list-services.route';
import { directoryDeps } from './deps';

export const handler = httpRoute(listServicesRoute, async ({ query }) => {
  const page = await directoryDeps.repository.listServices(
    { organisationId: query.organisationId, theme: query.theme },
    query.limit,
    query.cursor,
  );
  const now = directoryDeps.clock.now();
  return { ...page, items: page.items.map((s) => serviceView(s, now)) };
});
