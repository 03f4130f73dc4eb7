import { httpRoute } from '../../../shared/http/route-handler';
import { rotateWebhookSecretRoute } from '../routes/rotate-webhook-secret.route';
import { DynamoChannelsStore } from '../store/channels.repository';
import { DynamoWebhookSecrets } from '../store/webhook-secrets.repository';
import { makeRotateWebhookSecret } from '../use-cases/webhook-secret.use-case';

const rotate = makeRotateWebhookSecret({
  channels: new DynamoChannelsStore(),
  secrets: new DynamoWebhookSecrets(),
  clock: { now: () => new Date() },
});

export const handler = httpRoute(rotateWebhookSecretRoute, ({ params, actor, uow, correlationId }) =>
  rotate.execute(params.id, actor, { uow, correlationId }),
);
