import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeListExceptionalAccesses } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const list = makeListExceptionalAccesses(intakeDeps);

export const handler = httpRoute(intakeService, 'listExceptionalAccesses', ({ query }) => list.execute(query));
