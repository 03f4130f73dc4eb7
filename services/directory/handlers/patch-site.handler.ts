import { httpRoute } from '../../../shared/http/route-handler';
import { patchSiteRoute } from '../routes/patch-site.route';
import { makeUpdateSite } from '../use-cases/sites.use-cases';
import { siteWriteDeps } from './write-deps';

const updateSite = makeUpdateSite(siteWriteDeps());

export const handler = httpRoute(patchSiteRoute, ({ params, body, actor, uow, correlationId }) =>
  updateSite.execute(params.id, body, actor, { uow, correlationId }),
);
