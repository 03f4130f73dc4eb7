import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeListFlaggedEntries } from '../use-cases/campaigns.use-cases';
import { directoryDeps } from './deps';

const list = makeListFlaggedEntries(directoryDeps);

export const handler = httpRoute(directoryService, 'listFlaggedEntries', () => list.execute());
