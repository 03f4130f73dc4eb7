import { httpRoute } from '../../../shared/http/route-handler';
import { platformService } from '../service';
import { makeAssignAccount } from '../use-cases/accounts.use-cases';
import { accountsDeps } from './accounts.deps';

const assign = makeAssignAccount(accountsDeps);

export const handler = httpRoute(platformService, 'assignAccount', ({ params, body, actor, uow }) =>
  assign.execute(params.id, body, actor, uow),
);
