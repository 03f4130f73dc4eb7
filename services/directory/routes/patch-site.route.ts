import { IdParamsSchema, PatchSiteSchema, SiteSchema } from '../domain/directory.schema';
import { directoryRoute, EDITORS, handler } from './common';

export const patchSiteRoute = directoryRoute({
  id: 'patchSite',
  method: 'PATCH',
  path: '/api/sites/{id}',
  access: EDITORS,
  handler: handler('patch-site.handler.ts'),
  summary: "Modifier un lieu d'accueil (un partenaire : les siens seulement)",
  schemas: { params: IdParamsSchema, body: PatchSiteSchema, response: SiteSchema },
});
