import { httpRoute } from '../../../shared/http/route-handler';
import { isPublic, publicSite } from '../domain/site-view';
import { publicNearestRoute } from '../routes/public-nearest.route';
import { makeFindNearestSites } from '../use-cases/nearest.use-cases';
import { siteCatalogue } from './catalogue.deps';
import { directoryDeps } from './deps';
import { communeReference, travelTimes } from './geo-deps';

let nearest: ReturnType<typeof makeFindNearestSites> | undefined;

export const handler = httpRoute(publicNearestRoute, async ({ query }) => {
  const catalogue = siteCatalogue();
  nearest ??= makeFindNearestSites(catalogue, communeReference(), travelTimes());
  const result = await nearest.execute({ commune: query.commune, limit: query.limit, theme: query.theme }, isPublic);
  const [organisations, services] = await Promise.all([catalogue.organisationNames(), catalogue.allServices()]);
  const now = directoryDeps.clock.now();
  return {
    commune: result.origin.commune ?? { code: query.commune, name: query.commune },
    items: result.items.map((item) => ({
      ...item,
      site: publicSite(item.site, organisations.get(item.site.organisationId), now, services),
    })),
  };
});
