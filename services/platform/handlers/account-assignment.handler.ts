import { httpRoute } from '../../../shared/http/route-handler';
import { assignAccountRoute } from '../routes/account-assignment.route';
import { makeAssignAccount } from '../use-cases/accounts.use-cases';
import { accountsDeps } from './accounts.deps';

const assign = makeAssignAccount(accountsDeps);

export const handler = httpRoute(assignAccountRoute, ({ params, body, actor, uow }) => assign.execute(params.id, body, actor, uow));
