import { httpRoute } from '../../../shared/http/route-handler';
import { unlinkIdentityRoute } from '../routes/unlink-identity.route';
import { UnlinkIdentity } from '../use-cases/identity-link.use-cases';
import { identityLinkDeps } from './identity-link.deps';

const unlinkIdentity = UnlinkIdentity(identityLinkDeps);

export const handler = httpRoute(unlinkIdentityRoute, ({ params, actor, uow, correlationId }) =>
  unlinkIdentity.execute({ personId: params.id }, actor, { uow, correlationId }),
);
