import { httpRoute } from '../../../shared/http/route-handler';
import { approveSiteRoute } from '../routes/approve-site.route';
import { makeModerateSite } from '../use-cases/sites.use-cases';
import { entryDeps } from './entry-deps';

const moderate = makeModerateSite(entryDeps);

export const handler = httpRoute(approveSiteRoute, ({ params, uow, correlationId }) =>
  moderate.execute(params.id, { approve: true }, { uow, correlationId }),
);
