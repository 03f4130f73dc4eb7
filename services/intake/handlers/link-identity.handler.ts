import { httpRoute } from '../../../shared/http/route-handler';
import { linkIdentityRoute } from '../routes/link-identity.route';
import { LinkIdentity } from '../use-cases/identity-link.use-cases';
import { identityLinkDeps } from './identity-link.deps';

const linkIdentity = LinkIdentity(identityLinkDeps);

export const handler = httpRoute(linkIdentityRoute, ({ params, body, actor, uow, correlationId }) =>
  linkIdentity.execute({ personId: params.id, request: body }, actor, { uow, correlationId }),
);
