import { httpRoute } from '../../../shared/http/route-handler';
import { createNetworkEventRoute } from '../routes/create-network-event.route';
import { makeRecordNetworkEvent } from '../use-cases/network-events.use-cases';
import { directoryDeps } from './deps';

const record = makeRecordNetworkEvent(directoryDeps);

export const handler = httpRoute(createNetworkEventRoute, ({ body, actor, uow, correlationId }) =>
  record.execute(body, actor, { uow, correlationId }),
);
