import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { ActionOverdue } from '../events/parcours.events';
import { overdueNotice, reminderSettings } from '../notifications/overdue-reminder';
import { parcoursService } from '../service';

let settings: ReturnType<typeof reminderSettings> | undefined;

/** An action is overdue: tell its owner (local outbox, or the notifications topic on AWS). */
export const handler = eventConsumer({
  service: parcoursService.name,
  subscription: 'overdueReminders',
  table: () => tableName('parcours', 'main'),
  async handle(event, { uow }) {
    if (event.detailType !== ActionOverdue.detailType) return;
    const { metadata, data } = ActionOverdue.parse(event.detail);
    settings ??= reminderSettings();
    await settings.channel.send(uow, overdueNotice({ eventId: metadata.eventId, ...data }, settings.appUrl));
  },
});
