import { httpRoute } from '../../../shared/http/route-handler';
import { siteView } from '../domain/site-view';
import { directoryErrors } from '../errors';
import { getSiteRoute } from '../routes/get-site.route';
import { directoryDeps } from './deps';

export const handler = httpRoute(getSiteRoute, async ({ params }) => {
  const site = await directoryDeps.repository.getSite(params.id);
  if (!site) throw directoryErrors.error('site.not-found');
  return siteView(site, directoryDeps.clock.now());
});
