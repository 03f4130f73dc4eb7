import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeSendReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const sendReferral = makeSendReferral(intakeDeps);

export const handler = httpRoute(intakeService, 'sendReferral', ({ body, actor, uow, correlationId }) =>
  sendReferral.execute(body, actor, { uow, correlationId }),
);
