import { httpRoute } from '../../../shared/http/route-handler';
import { cancelReceptionRoute } from '../routes/cancel-reception.route';
import { makeCancelReception } from '../use-cases/receptions.use-cases';
import { intakeDeps } from './deps';

const cancelReception = makeCancelReception(intakeDeps);

export const handler = httpRoute(cancelReceptionRoute, ({ params, body, actor, uow, correlationId }) =>
  cancelReception.execute(params.id, body, actor, { uow, correlationId }),
);
