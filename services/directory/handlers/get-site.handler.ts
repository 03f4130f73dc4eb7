import { NotFoundError } from '../../../shared/errors/errors';
import { httpRoute } from '../../../shared/http/route-handler';
import { siteView } from '../domain/site-view';
import { directoryService } from '../service';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'getSite', async ({ params }) => {
  const site = await directoryDeps.repository.getSite(params.id);
  if (!site) throw new NotFoundError('Ce lieu d’accueil n’existe pas.');
  return siteView(site, directoryDeps.clock.now());
});
