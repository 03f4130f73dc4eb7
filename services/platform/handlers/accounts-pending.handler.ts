import { httpRoute } from '../../../shared/http/route-handler';
import { platformService } from '../service';
import { makeListPendingAccounts } from '../use-cases/accounts.use-cases';
import { accountsDeps } from './accounts.deps';

const list = makeListPendingAccounts(accountsDeps);

export const handler = httpRoute(platformService, 'pendingAccounts', () => list.execute());
