import { httpRoute } from '../../../shared/http/route-handler';
import { pendingAccountsRoute } from '../routes/accounts-pending.route';
import { makeListPendingAccounts } from '../use-cases/accounts.use-cases';
import { accountsDeps } from './accounts.deps';

const list = makeListPendingAccounts(accountsDeps);

export const handler = httpRoute(pendingAccountsRoute, () => list.execute());
