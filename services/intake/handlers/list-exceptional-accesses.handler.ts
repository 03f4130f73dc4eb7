import { httpRoute } from '../../../shared/http/route-handler';
import { listExceptionalAccessesRoute } from '../routes/list-exceptional-accesses.route';
import { makeListExceptionalAccesses } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const list = makeListExceptionalAccesses(intakeDeps);

export const handler = httpRoute(listExceptionalAccessesRoute, ({ query }) => list.execute(query));
