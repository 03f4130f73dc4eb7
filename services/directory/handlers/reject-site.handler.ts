import { httpRoute } from '../../../shared/http/route-handler';
import { rejectSiteRoute } from '../routes/reject-site.route';
import { makeModerateSite } from '../use-cases/sites.use-cases';
import { entryDeps } from './entry-deps';

const moderate = makeModerateSite(entryDeps);

export const handler = httpRoute(rejectSiteRoute, ({ params, body, uow, correlationId }) =>
  moderate.execute(params.id, { approve: false, reason: body.reason }, { uow, correlationId }),
);
