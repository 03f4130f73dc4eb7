import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeGrantExceptionalAccess } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const grant = makeGrantExceptionalAccess(intakeDeps);

export const handler = httpRoute(intakeService, 'grantExceptionalAccess', ({ params, body, actor, uow, correlationId }) =>
  grant.execute(params.id, body, actor, { uow, correlationId }),
);
