import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeModerateSite } from '../use-cases/sites.use-cases';
import { directoryDeps } from './deps';

const moderate = makeModerateSite(directoryDeps);

export const handler = httpRoute(directoryService, 'rejectSite', ({ params, body, uow, correlationId }) =>
  moderate.execute(params.id, { approve: false, reason: body.reason }, { uow, correlationId }),
);
