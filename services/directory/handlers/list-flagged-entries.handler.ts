import { httpRoute } from '../../../shared/http/route-handler';
import { listFlaggedEntriesRoute } from '../routes/list-flagged-entries.route';
import { makeListFlaggedEntries } from '../use-cases/campaigns.use-cases';
import { directoryDeps } from './deps';

const list = makeListFlaggedEntries(directoryDeps);

export const handler = httpRoute(listFlaggedEntriesRoute, () => list.execute());
