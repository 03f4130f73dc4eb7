import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { notificationsService } from '../service';
import { DynamoChannelsStore } from '../store/channels.repository';
import { makeApplyChannels } from '../use-cases/channels-projection.use-case';

const apply = makeApplyChannels({ channels: new DynamoChannelsStore() });

/** The directory announced an organisation's channels: keep the newest. */
export const handler = eventConsumer({
  service: notificationsService.name,
  subscription: 'channelsProjection',
  table: () => tableName('notifications', 'main'),
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
