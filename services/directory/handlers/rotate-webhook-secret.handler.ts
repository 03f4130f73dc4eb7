import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeRotateWebhookSecret } from '../use-cases/organisations.use-cases';
import { directoryDeps } from './deps';

const rotate = makeRotateWebhookSecret(directoryDeps);

export const handler = httpRoute(directoryService, 'rotateWebhookSecret', ({ params, actor, uow, correlationId }) =>
  rotate.execute(params.id, actor, { uow, correlationId }),
);
