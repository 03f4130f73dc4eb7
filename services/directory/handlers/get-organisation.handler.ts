import { NotFoundError } from '../../../shared/errors/errors';
import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';

export const handler = httpRoute(directoryService, 'getOrganisation', async ({ params }) => {
  const org = await directoryDeps.repository.getOrganisation(params.id);
  if (!org) throw new NotFoundError('Cette structure n’existe pas.');
  return org;
});
