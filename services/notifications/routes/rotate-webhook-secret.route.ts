import { IdParamsSchema, WebhookSecretSchema } from '../domain/notifications.schema';
import { handler, notificationsRoute } from './common';

export const rotateWebhookSecretRoute = notificationsRoute({
  id: 'rotateWebhookSecret',
  method: 'POST',
  path: '/api/organisations/{id}/webhook-secret',
  // Who edits the organisation (SECURITY.md): a partner its own only, checked in the use case.
  access: ['pilote', 'admin', 'partenaire'],
  handler: handler('rotate-webhook-secret.handler.ts'),
  summary: 'Générer un nouveau secret de signature des webhooks (affiché une seule fois)',
  schemas: { params: IdParamsSchema, response: WebhookSecretSchema },
  successStatus: 201,
});
