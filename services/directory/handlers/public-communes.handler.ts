import { httpRoute } from '../../../shared/http/route-handler';
import { publicCommunesRoute } from '../routes/public-communes.route';
import { makeSearchCommunes } from '../use-cases/public-map.use-cases';
import { geo } from './geo-deps';

let search: ReturnType<typeof makeSearchCommunes> | undefined;

export const handler = httpRoute(publicCommunesRoute, async ({ query }) => {
  const g = geo();
  search ??= makeSearchCommunes(g.communeCache, g.departement);
  return { items: await search.execute(query.q) };
});
