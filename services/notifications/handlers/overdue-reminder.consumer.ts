import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { ActionOverdue } from '../../parcours/events/parcours.events';
import { appUrlNow } from '../app-url';
import { noticeSettings } from '../notices/notice-sender';
import { overdueNotice, reminderNotice } from '../notices/overdue-reminder';
import { NOTIFICATIONS } from '../owner';

let settings: ReturnType<typeof noticeSettings> | undefined;

/** An action of a parcours is overdue: tell its owner (local outbox, or the notifications topic on AWS). */
export const handler = eventConsumer({
  service: NOTIFICATIONS.service,
  subscription: 'overdueReminders',
  table: () => tableName('notifications', 'main'),
  async handle(event, { uow }) {
    if (event.detailType !== ActionOverdue.detailType) return;
    const { metadata, data } = ActionOverdue.parse(event.detail);
    settings ??= noticeSettings();
    await settings.sender.send(uow, reminderNotice(overdueNotice({ eventId: metadata.eventId, ...data }, appUrlNow())));
  },
});
