import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { NOTIFICATIONS } from '../owner';
import { DynamoChannelsStore } from '../store/channels.repository';
import { makeApplyChannels } from '../use-cases/channels-projection.use-case';

const apply = makeApplyChannels({ channels: new DynamoChannelsStore() });

/** The directory announced an organisation's channels: keep the newest. */
export const handler = eventConsumer({
  service: NOTIFICATIONS.service,
  subscription: 'channelsProjection',
  table: () => tableName('notifications', 'main'),
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
