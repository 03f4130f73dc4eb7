import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { AppointmentSlotShortage } from '../../appointments/events/appointments.events';
import { noticeSettings } from '../notices/notice-sender';
import { slotShortageNotices } from '../notices/slot-shortage';
import { NOTIFICATIONS } from '../owner';

let settings: ReturnType<typeof noticeSettings> | undefined;

/** A partner's site has no free slot left in the next 10 working days: tell the partner and the coordination, once. */
export const handler = eventConsumer({
  service: NOTIFICATIONS.service,
  subscription: 'slotShortage',
  table: () => tableName('notifications', 'main'),
  async handle(event, { uow }) {
    if (event.detailType !== AppointmentSlotShortage.detailType) return;
    const { metadata, data } = AppointmentSlotShortage.parse(event.detail);
    settings ??= noticeSettings();
    for (const notice of slotShortageNotices({ eventId: metadata.eventId, ...data })) await settings.sender.send(uow, notice);
  },
});
