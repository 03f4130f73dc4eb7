import { httpRoute } from '../../../shared/http/route-handler';
import { directoryErrors } from '../errors';
import { getOrganisationRoute } from '../routes/get-organisation.route';
import { entryDeps } from './entry-deps';

export const handler = httpRoute(getOrganisationRoute, async ({ params }) => {
  const org = await entryDeps.repository.getOrganisation(params.id);
  if (!org) throw directoryErrors.error('organisation.not-found');
  return org;
});
