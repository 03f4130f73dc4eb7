import { httpRoute } from '../../../shared/http/route-handler';
import { directoryErrors } from '../errors';
import { getNetworkEventRoute } from '../routes/get-network-event.route';
import { directoryDeps } from './deps';

export const handler = httpRoute(getNetworkEventRoute, async ({ params }) => {
  const event = await directoryDeps.repository.getNetworkEvent(params.id);
  if (!event) throw directoryErrors.error('network-event.not-found');
  return event;
});
