import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeSearchPersons } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const searchPersons = makeSearchPersons(intakeDeps);

export const handler = httpRoute(intakeService, 'searchPersons', ({ query, actor, uow, correlationId }) =>
  searchPersons.execute(query, actor, { uow, correlationId }),
);
