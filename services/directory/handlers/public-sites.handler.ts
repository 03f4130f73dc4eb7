import { httpRoute } from '../../../shared/http/route-handler';
import { publicSitesRoute } from '../routes/public-sites.route';
import { makeListPublicSites } from '../use-cases/public-map.use-cases';
import { siteCatalogue } from './catalogue.deps';
import { directoryDeps } from './deps';

let list: ReturnType<typeof makeListPublicSites> | undefined;

export const handler = httpRoute(publicSitesRoute, async ({ query }) => {
  list ??= makeListPublicSites(siteCatalogue(), directoryDeps.clock.now);
  return { items: await list.execute(query.theme) };
});
