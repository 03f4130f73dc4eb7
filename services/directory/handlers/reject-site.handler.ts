import { httpRoute } from '../../../shared/http/route-handler';
import { rejectSiteRoute } from '../routes/reject-site.route';
import { makeModerateSite } from '../use-cases/sites.use-cases';
import { directoryDeps } from './deps';

const moderate = makeModerateSite(directoryDeps);

export const handler = httpRoute(rejectSiteRoute, ({ params, body, uow, correlationId }) =>
  moderate.execute(params.id, { approve: false, reason: body.reason }, { uow, correlationId }),
);
