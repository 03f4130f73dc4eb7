import { storelessRoute as httpRoute } from '../../../shared/http/route-core';
import { platformService } from '../service';

export const handler = httpRoute(platformService, 'me', async ({ actor }) => ({
  id: actor.id,
  name: actor.name,
  roles: actor.roles,
  organisationId: actor.organisationId,
  siteId: actor.siteId,
}));
