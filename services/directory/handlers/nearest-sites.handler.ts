import { httpRoute } from '../../../shared/http/route-handler';
import { siteView } from '../domain/site-view';
import { nearestSitesRoute } from '../routes/nearest-sites.route';
import { makeFindNearestSites } from '../use-cases/nearest.use-cases';
import { siteCatalogue } from './catalogue.deps';
import { directoryDeps } from './deps';
import { communeReference, travelTimes } from './geo-deps';

let nearest: ReturnType<typeof makeFindNearestSites> | undefined;

export const handler = httpRoute(nearestSitesRoute, async ({ query }) => {
  nearest ??= makeFindNearestSites(siteCatalogue(), communeReference(), travelTimes());
  const result = await nearest.execute(query);
  const now = directoryDeps.clock.now();
  return result.items.map((item) => ({ ...item, site: siteView(item.site, now) }));
});
