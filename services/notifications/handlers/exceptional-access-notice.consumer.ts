import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { ExceptionalAccessGranted } from '../../intake/events/intake.events';
import { appUrlNow } from '../app-url';
import { coordinatorNotice, exceptionalAccessNotice } from '../notices/exceptional-access-notice';
import { noticeSettings } from '../notices/notice-sender';
import { NOTIFICATIONS } from '../owner';

let settings: ReturnType<typeof noticeSettings> | undefined;

/** An exceptional access was opened: tell the coordinator at once (local outbox, or the notifications topic on AWS). */
export const handler = eventConsumer({
  service: NOTIFICATIONS.service,
  subscription: 'exceptionalAccessNotice',
  table: () => tableName('notifications', 'main'),
  async handle(event, { uow }) {
    if (event.detailType !== ExceptionalAccessGranted.detailType) return;
    const { metadata, data } = ExceptionalAccessGranted.parse(event.detail);
    settings ??= noticeSettings();
    await settings.sender.send(uow, coordinatorNotice(exceptionalAccessNotice({ eventId: metadata.eventId, ...data }, appUrlNow())));
  },
});
