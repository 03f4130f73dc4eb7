import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { OrganisationNotificationChannelsChanged } from '../../directory/events/directory.events';
import { NOTIFICATIONS } from '../owner';
import { notificationSettings } from '../partners/notifications.deps';
import {
  DynamoSubscriptionStore,
  makeSyncPartnerSubscriptions,
  newestChannels,
  SnsSubscriptionGateway,
} from '../partners/partner-subscriptions';
import { DynamoChannelsStore } from '../store/channels.repository';

const channels = new DynamoChannelsStore();
let gateway: SnsSubscriptionGateway | undefined;

/**
 * An organisation's channels changed: subscribe its notification e-mail and SMS number to the
 * partner topic (filtered on the organisation), and drop the ones it no longer declares. Locally
 * there is no topic: the outbox shows each message with the organisation's channels instead.
 */
export const handler = eventConsumer({
  service: NOTIFICATIONS.service,
  subscription: 'partnerSubscriptions',
  table: () => tableName('notifications', 'main'),
  async handle(event) {
    const { topicArn } = notificationSettings();
    if (!topicArn) return;
    gateway ??= new SnsSubscriptionGateway(topicArn);
    const { data } = OrganisationNotificationChannelsChanged.parse(event.detail);
    // The projection may not hold this event's version yet (another subscription writes it): the newest of the two.
    const sync = makeSyncPartnerSubscriptions({
      organisations: newestChannels(channels, data),
      gateway,
      store: new DynamoSubscriptionStore(),
    });
    await sync.execute(data.organisationId);
  },
});
