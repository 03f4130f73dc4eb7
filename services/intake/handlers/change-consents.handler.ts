import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeChangeConsents } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const changeConsents = makeChangeConsents(intakeDeps);

export const handler = httpRoute(intakeService, 'changeConsents', ({ params, body, actor, uow, correlationId }) =>
  changeConsents.execute(params.id, body, actor, { uow, correlationId }),
);
