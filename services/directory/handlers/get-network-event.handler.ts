import { NotFoundError } from '../../../shared/errors/errors';
import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'getNetworkEvent', async ({ params }) => {
  const event = await directoryDeps.repository.getNetworkEvent(params.id);
  if (!event) throw new NotFoundError('Cet événement du réseau n’existe pas.');
  return event;
});
