import { NotFoundError } from '../../../shared/errors/errors';
import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'getService', async ({ params }) => {
  const service = await directoryDeps.repository.getService(params.id);
  if (!service) throw new NotFoundError('Ce service n’existe pas.');
  return service;
});
