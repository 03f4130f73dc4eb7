import { httpRoute } from '../../../shared/http/route-handler';
import { siteView } from '../domain/site-view';
import { listSitesRoute } from '../routes/list-sites.route';
import { directoryDeps } from './deps';

export const handler = httpRoute(listSitesRoute, async ({ query }) => {
  const page = await directoryDeps.repository.listSites(
    { communeCode: query.commune, theme: query.theme, unconditional: query.unconditional, organisationId: query.organisationId },
    query.limit,
    query.cursor,
  );
  const now = directoryDeps.clock.now();
  return { items: page.items.map((s) => siteView(s, now)), nextCursor: page.nextCursor };
});
