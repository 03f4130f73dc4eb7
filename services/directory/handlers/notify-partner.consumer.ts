import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { notificationDeps } from '../notifications/notifications.deps';
import { makeNotifyPartner } from '../notifications/notify-partner.use-case';
import { directoryService } from '../service';

let notifyPartner: ReturnType<typeof makeNotifyPartner> | undefined;

/**
 * A referral was sent, changed or is due: tell the partner on its own channels. A failed
 * delivery throws, so the event is not marked consumed and the queue redelivers it.
 */
export const handler = eventConsumer({
  service: directoryService.name,
  subscription: 'notifyPartner',
  table: () => tableName('directory', 'main'),
  async handle(event, { uow }) {
    notifyPartner ??= makeNotifyPartner(notificationDeps());
    const { eventId, occurredAt } = event.detail.metadata;
    await notifyPartner.execute({ detailType: event.detailType, eventId, occurredAt, data: event.detail.data }, uow);
  },
});
