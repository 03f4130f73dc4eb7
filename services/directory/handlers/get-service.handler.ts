import { httpRoute } from '../../../shared/http/route-handler';
import { serviceView } from '../domain/site-view';
import { directoryErrors } from '../errors';
import { getServiceRoute } from '../routes/get-service.route';
import { entryDeps } from './entry-deps';

export const handler = httpRoute(getServiceRoute, async ({ params }) => {
  const service = await entryDeps.repository.getService(params.id);
  if (!service) throw directoryErrors.error('service.not-found');
  return serviceView(service, entryDeps.clock.now());
});
