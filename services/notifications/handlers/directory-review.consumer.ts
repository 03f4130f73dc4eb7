import { loadLinkSecret } from '../../../shared/auth/link-secret';
import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { DirectoryReviewRequested } from '../../directory/events/directory.events';
import { appUrlNow } from '../app-url';
import { directoryReviewNotice, reviewLink } from '../notices/directory-review';
import { noticeSettings } from '../notices/notice-sender';
import { NOTIFICATIONS } from '../owner';

let settings: ReturnType<typeof noticeSettings> | undefined;

/** The directory asks a partner to check its entries: one message on its channels, with the signed link. */
export const handler = eventConsumer({
  service: NOTIFICATIONS.service,
  subscription: 'directoryReviews',
  table: () => tableName('notifications', 'main'),
  async handle(event, { uow }) {
    if (event.detailType !== DirectoryReviewRequested.detailType) return;
    const { metadata, data } = DirectoryReviewRequested.parse(event.detail);
    settings ??= noticeSettings();
    const link = reviewLink(appUrlNow(), data, await loadLinkSecret());
    await settings.sender.send(uow, directoryReviewNotice({ eventId: metadata.eventId, ...data }, link));
  },
});
