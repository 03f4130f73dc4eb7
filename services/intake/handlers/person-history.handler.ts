import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeGetPersonHistory } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const history = makeGetPersonHistory(intakeDeps);

export const handler = httpRoute(intakeService, 'personHistory', ({ params, actor, uow, correlationId }) =>
  history.execute(params.id, actor, { uow, correlationId }),
);
