import { httpRoute } from '../../../shared/http/route-handler';
import { correctReceptionRoute } from '../routes/correct-reception.route';
import { makeCorrectReception } from '../use-cases/receptions.use-cases';
import { intakeDeps } from './deps';

const correctReception = makeCorrectReception(intakeDeps);

export const handler = httpRoute(correctReceptionRoute, ({ params, body, actor, uow, correlationId }) =>
  correctReception.execute(params.id, body, actor, { uow, correlationId }),
);
