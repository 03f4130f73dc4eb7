import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { NOTIFICATIONS } from '../owner';
import { notificationDeps } from '../partners/notifications.deps';
import { makeNotifyPartner, NOTIFY_MAX_RECEIVE_COUNT } from '../partners/notify-partner.use-case';

let notifyPartner: ReturnType<typeof makeNotifyPartner> | undefined;

/**
 * A referral was sent, changed or is due: tell the partner on its own channels. A failed
 * delivery throws, so the event is not marked consumed and the queue redelivers it; each
 * delivery's result to the receiver is announced (`PartnerDeliveryReported`, ADR 0034).
 */
export const handler = eventConsumer({
  service: NOTIFICATIONS.service,
  subscription: 'notifyPartner',
  table: () => tableName('notifications', 'main'),
  async handle(event, { uow, receiveCount }) {
    notifyPartner ??= makeNotifyPartner(notificationDeps());
    const { eventId, occurredAt } = event.detail.metadata;
    await notifyPartner.execute({ detailType: event.detailType, eventId, occurredAt, data: event.detail.data }, uow, {
      receiveCount: receiveCount ?? 1,
      maxReceiveCount: NOTIFY_MAX_RECEIVE_COUNT,
    });
  },
});
