import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeCancelReception } from '../use-cases/receptions.use-cases';
import { intakeDeps } from './deps';

const cancelReception = makeCancelReception(intakeDeps);

export const handler = httpRoute(intakeService, 'cancelReception', ({ params, body, actor, uow, correlationId }) =>
  cancelReception.execute(params.id, body, actor, { uow, correlationId }),
);
