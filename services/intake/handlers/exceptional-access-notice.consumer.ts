import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { ExceptionalAccessGranted } from '../events/intake.events';
import { coordinatorNoticeSettings, exceptionalAccessNotice } from '../notifications/exceptional-access-notice';
import { intakeService } from '../service';

let settings: ReturnType<typeof coordinatorNoticeSettings> | undefined;

/** An exceptional access was opened: tell the coordinator at once (local outbox, or the notifications topic on AWS). */
export const handler = eventConsumer({
  service: intakeService.name,
  subscription: 'exceptionalAccessNotice',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow }) {
    if (event.detailType !== ExceptionalAccessGranted.detailType) return;
    const { metadata, data } = ExceptionalAccessGranted.parse(event.detail);
    settings ??= coordinatorNoticeSettings();
    await settings.channel.send(uow, exceptionalAccessNotice({ eventId: metadata.eventId, ...data }, settings.appUrl));
  },
});
