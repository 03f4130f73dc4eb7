import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';
import { directoryErrors } from '../errors';

export const handler = httpRoute(directoryService, 'getNetworkEvent', async ({ params }) => {
  const event = await directoryDeps.repository.getNetworkEvent(params.id);
  if (!event) throw directoryErrors.error('network-event.not-found');
  return event;
});
