import { httpRoute } from '../../../shared/http/route-handler';
import { createSiteRoute } from '../routes/create-site.route';
import { makeCreateSite } from '../use-cases/sites.use-cases';
import { siteWriteDeps } from './write-deps';

const createSite = makeCreateSite(siteWriteDeps());

export const handler = httpRoute(createSiteRoute, ({ body, actor, uow, correlationId }) =>
  createSite.execute(body, actor, { uow, correlationId }),
);
