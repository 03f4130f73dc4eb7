import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeCreateSite } from '../use-cases/sites.use-cases';
import { directoryDeps } from './deps';

const createSite = makeCreateSite(directoryDeps);

export const handler = httpRoute(directoryService, 'createSite', ({ body, actor, uow, correlationId }) =>
  createSite.execute(body, actor, { uow, correlationId }),
);
