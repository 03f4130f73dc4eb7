import { httpRoute } from '../../../shared/http/route-handler';
import { serviceView } from '../domain/site-view';
import { directoryService } from '../service';
import { directoryDeps } from './deps';
import { directoryErrors } from '../errors';

export const handler = httpRoute(directoryService, 'getService', async ({ params }) => {
  const service = await directoryDeps.repository.getService(params.id);
  if (!service) throw directoryErrors.error('service.not-found');
  return serviceView(service, directoryDeps.clock.now());
});
