import { httpRoute } from '../../../shared/http/route-handler';
import { platformService } from '../service';

export const handler = httpRoute(platformService, 'me', async ({ actor }) => ({
  id: actor.id,
  name: actor.name,
  roles: actor.roles,
  organisationId: actor.organisationId,
  siteId: actor.siteId,
}));
