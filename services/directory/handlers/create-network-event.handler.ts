import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeRecordNetworkEvent } from '../use-cases/network-events.use-cases';
import { directoryDeps } from './deps';

const record = makeRecordNetworkEvent(directoryDeps);

export const handler = httpRoute(directoryService, 'createNetworkEvent', ({ body, actor, uow, correlationId }) =>
  record.execute(body, actor, { uow, correlationId }),
);
