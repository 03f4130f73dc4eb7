import { httpRoute } from '../../../shared/http/route-handler';
import { siteView } from '../domain/site-view';
import { directoryService } from '../service';
import { directoryDeps } from './deps';
import { directoryErrors } from '../errors';

export const handler = httpRoute(directoryService, 'getSite', async ({ params }) => {
  const site = await directoryDeps.repository.getSite(params.id);
  if (!site) throw directoryErrors.error('site.not-found');
  return siteView(site, directoryDeps.clock.now());
});
