import { httpRoute } from '../../../shared/http/route-handler';
import { grantExceptionalAccessRoute } from '../routes/grant-exceptional-access.route';
import { makeGrantExceptionalAccess } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const grant = makeGrantExceptionalAccess(intakeDeps);

export const handler = httpRoute(grantExceptionalAccessRoute, ({ params, body, actor, uow, correlationId }) =>
  grant.execute(params.id, body, actor, { uow, correlationId }),
);
