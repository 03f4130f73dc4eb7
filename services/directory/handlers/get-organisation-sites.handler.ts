import { httpRoute } from '../../../shared/http/route-handler';
import { siteView } from '../domain/site-view';
import { getOrganisationSitesRoute } from '../routes/get-organisation-sites.route';
import { directoryDeps } from './deps';

export const handler = httpRoute(getOrganisationSitesRoute, async ({ params, query }) => {
  const page = await directoryDeps.repository.listSites({ organisationId: params.id }, query.limit, query.cursor);
  const now = directoryDeps.clock.now();
  return { items: page.items.map((s) => siteView(s, now)), nextCursor: page.nextCursor };
});
