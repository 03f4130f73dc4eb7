import { httpRoute } from '../../../shared/http/route-handler';
import { personHistoryRoute } from '../routes/person-history.route';
import { makeGetPersonHistory } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const history = makeGetPersonHistory(intakeDeps);

export const handler = httpRoute(personHistoryRoute, ({ params, actor, uow, correlationId }) =>
  history.execute(params.id, actor, { uow, correlationId }),
);
