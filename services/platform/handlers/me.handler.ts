import { storelessRoute as httpRoute } from '../../../shared/http/route-core';
import { meRoute } from '../routes/me.route';

export const handler = httpRoute(meRoute, async ({ actor }) => ({
  id: actor.id,
  name: actor.name,
  roles: actor.roles,
  organisationId: actor.organisationId,
  siteId: actor.siteId,
}));
