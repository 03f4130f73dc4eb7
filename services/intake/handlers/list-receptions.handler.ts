import { httpRoute } from '../../../shared/http/route-handler';
import { listReceptionsRoute } from '../routes/list-receptions.route';
import { makeListReceptions } from '../use-cases/receptions.use-cases';
import { intakeDeps } from './deps';

const listReceptions = makeListReceptions(intakeDeps);

export const handler = httpRoute(listReceptionsRoute, ({ query, actor, uow, correlationId }) =>
  listReceptions.execute(query, actor, { uow, correlationId }),
);
