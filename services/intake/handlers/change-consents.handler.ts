import { httpRoute } from '../../../shared/http/route-handler';
import { changeConsentsRoute } from '../routes/change-consents.route';
import { makeChangeConsents } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const changeConsents = makeChangeConsents(intakeDeps);

export const handler = httpRoute(changeConsentsRoute, ({ params, body, actor, uow, correlationId }) =>
  changeConsents.execute(params.id, body, actor, { uow, correlationId }),
);
