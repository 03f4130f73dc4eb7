import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { WebhookSecretRotated } from '../../notifications/events/notifications.events';
import { DIRECTORY } from '../owner';
import { makeNoteWebhookSecret } from '../use-cases/organisations.use-cases';
import { entryDeps } from './entry-deps';

const note = makeNoteWebhookSecret(entryDeps);

/** The notifications service gave an organisation a webhook secret: say so on its entry (never the secret). */
export const handler = eventConsumer({
  service: DIRECTORY.service,
  subscription: 'webhookSecretSet',
  table: () => tableName('directory', 'main'),
  async handle(event, { uow }) {
    await note.execute(WebhookSecretRotated.parse(event.detail).data.organisationId, uow);
  },
});
