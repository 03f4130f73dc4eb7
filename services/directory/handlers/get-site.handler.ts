import { httpRoute } from '../../../shared/http/route-handler';
import { siteView } from '../domain/site-view';
import { directoryErrors } from '../errors';
import { getSiteRoute } from '../routes/get-site.route';
import { entryDeps } from './entry-deps';

export const handler = httpRoute(getSiteRoute, async ({ params }) => {
  const site = await entryDeps.repository.getSite(params.id);
  if (!site) throw directoryErrors.error('site.not-found');
  return siteView(site, entryDeps.clock.now());
});
