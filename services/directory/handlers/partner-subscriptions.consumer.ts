import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { notificationSettings } from '../notifications/notifications.deps';
import { DynamoSubscriptionStore, makeSyncPartnerSubscriptions, SnsSubscriptionGateway } from '../notifications/partner-subscriptions';
import { DynamoDirectoryRepository } from '../store/directory.repository';
import { OrganisationChanged } from '../events/directory.events';
import { directoryService } from '../service';

let sync: ReturnType<typeof makeSyncPartnerSubscriptions> | undefined;

/**
 * An organisation changed: subscribe its notification e-mail and SMS number to the partner
 * topic (filtered on the organisation), and drop the ones it no longer declares. Locally there is
 * no topic: the outbox shows each message with the organisation's channels instead.
 */
export const handler = eventConsumer({
  service: directoryService.name,
  subscription: 'partnerSubscriptions',
  table: () => tableName('directory', 'main'),
  async handle(event) {
    const { topicArn } = notificationSettings();
    if (!topicArn) return;
    sync ??= makeSyncPartnerSubscriptions({
      organisations: new DynamoDirectoryRepository(),
      gateway: new SnsSubscriptionGateway(topicArn),
      store: new DynamoSubscriptionStore(),
    });
    await sync.execute(OrganisationChanged.schema.parse(event.detail.data).organisationId);
  },
});
