import { httpRoute } from '../../../shared/http/route-handler';
import { searchPersonsRoute } from '../routes/search-persons.route';
import { makeSearchPersons } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const searchPersons = makeSearchPersons(intakeDeps);

export const handler = httpRoute(searchPersonsRoute, ({ query, actor, uow, correlationId }) =>
  searchPersons.execute(query, actor, { uow, correlationId }),
);
