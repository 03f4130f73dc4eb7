import { httpRoute } from '../../../shared/http/route-handler';
import { publicCommunesRoute } from '../routes/public-communes.route';
import { makeSearchCommunes } from '../use-cases/public-map.use-cases';
import { communeCache, departement } from './communes.deps';

let search: ReturnType<typeof makeSearchCommunes> | undefined;

export const handler = httpRoute(publicCommunesRoute, async ({ query }) => {
  search ??= makeSearchCommunes(communeCache, departement());
  return { items: await search.execute(query.q) };
});
