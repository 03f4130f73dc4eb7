import { httpRoute } from '../../../shared/http/route-handler';
import { serviceView } from '../domain/site-view';
import { directoryErrors } from '../errors';
import { getServiceRoute } from '../routes/get-service.route';
import { directoryDeps } from './deps';

export const handler = httpRoute(getServiceRoute, async ({ params }) => {
  const service = await directoryDeps.repository.getService(params.id);
  if (!service) throw directoryErrors.error('service.not-found');
  return serviceView(service, directoryDeps.clock.now());
});
