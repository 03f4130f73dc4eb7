import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeUpdateSite } from '../use-cases/sites.use-cases';
import { directoryDeps } from './deps';

const updateSite = makeUpdateSite(directoryDeps);

export const handler = httpRoute(directoryService, 'patchSite', ({ params, body, actor, uow, correlationId }) =>
  updateSite.execute(params.id, body, actor, { uow, correlationId }),
);
