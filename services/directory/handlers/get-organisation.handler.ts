import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { directoryDeps } from './deps';
import { directoryErrors } from '../errors';

export const handler = httpRoute(directoryService, 'getOrganisation', async ({ params }) => {
  const org = await directoryDeps.repository.getOrganisation(params.id);
  if (!org) throw directoryErrors.error('organisation.not-found');
  return org;
});
