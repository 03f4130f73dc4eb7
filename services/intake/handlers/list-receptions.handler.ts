import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeListReceptions } from '../use-cases/receptions.use-cases';
import { intakeDeps } from './deps';

const listReceptions = makeListReceptions(intakeDeps);

export const handler = httpRoute(intakeService, 'listReceptions', ({ query, actor, uow, correlationId }) =>
  listReceptions.execute(query, actor, { uow, correlationId }),
);
