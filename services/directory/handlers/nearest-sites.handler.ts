import { httpRoute } from '../../../shared/http/route-handler';
import { siteView } from '../domain/site-view';
import { nearestSitesRoute } from '../routes/nearest-sites.route';
import { makeFindNearestSites } from '../use-cases/nearest.use-cases';
import { directoryDeps } from './deps';
import { geo } from './geo-deps';

let nearest: ReturnType<typeof makeFindNearestSites> | undefined;

export const handler = httpRoute(nearestSitesRoute, async ({ query }) => {
  const g = geo();
  nearest ??= makeFindNearestSites(g.catalogue, g.communes, g.travel);
  const result = await nearest.execute(query);
  const now = directoryDeps.clock.now();
  return result.items.map((item) => ({ ...item, site: siteView(item.site, now) }));
});
