import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeCreateSite } from '../use-cases/sites.use-cases';
import { siteWriteDeps } from './write-deps';

const createSite = makeCreateSite(siteWriteDeps());

export const handler = httpRoute(directoryService, 'createSite', ({ body, actor, uow, correlationId }) =>
  createSite.execute(body, actor, { uow, correlationId }),
);
