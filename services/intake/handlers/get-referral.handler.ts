import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeGetReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const getReferral = makeGetReferral(intakeDeps);

export const handler = httpRoute(intakeService, 'getReferral', ({ params, actor, uow, correlationId }) =>
  getReferral.execute(params.id, actor, { uow, correlationId }),
);
