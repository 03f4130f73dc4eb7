import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { createLogger } from '../../../shared/observability/logger';
import { countMetric } from '../../../shared/observability/metrics';
import { PersonNoticeRequested } from '../../intake/events/intake.events';
import { appUrlNow } from '../app-url';
import { noticeSettings } from '../notices/notice-sender';
import {
  appointmentNoticeText,
  bookingLinkNoticeText,
  consentsNoticeText,
  invitationNoticeText,
  personNotice,
  referralNoticeText,
  signInCodeNoticeText,
} from '../notices/person-notice';
import { NOTIFICATIONS } from '../owner';

const logger = createLogger('notifications');
let settings: ReturnType<typeof noticeSettings> | undefined;

/**
 * Intake asked to tell a person (her consents changed, her appointment, her referral: ADR 0033): send it to the address
 * the event carries, which is stored nowhere else here (the local outbox entry, or the SNS
 * publish). About an appointment that has started, nothing: the time is checked again here.
 */
export const handler = eventConsumer({
  service: NOTIFICATIONS.service,
  subscription: 'personNotices',
  table: () => tableName('notifications', 'main'),
  async handle(event, { uow }) {
    if (event.detailType !== PersonNoticeRequested.detailType) return;
    const { metadata, data } = PersonNoticeRequested.parse(event.detail);
    // Her appointment has started (the message waited in a queue, an outage): nothing is sent about it.
    if ('appointment' in data && Date.parse(data.appointment.start) <= Date.now()) {
      logger.info('Message de rendez-vous non envoyé : le rendez-vous a commencé', { kind: data.kind });
      return;
    }
    settings ??= noticeSettings();
    const text =
      'signIn' in data
        ? signInCodeNoticeText(data.signIn)
        : 'invitation' in data
          ? invitationNoticeText({
              link: `${appUrlNow()}/mon-espace#/invitation/${data.invitation.token}`,
              expiresAt: data.invitation.expiresAt,
            })
          : 'facts' in data
            ? consentsNoticeText(data.facts)
            : 'bookingLink' in data
              ? bookingLinkNoticeText({
                  kind: data.kind,
                  ...data.bookingLink,
                  link: `${appUrlNow()}/#/rendez-vous/${data.bookingLink.token}`,
                })
              : 'referral' in data
                ? referralNoticeText({ kind: data.kind, ...data.referral })
                : appointmentNoticeText({
                    kind: data.kind,
                    ...data.appointment,
                    // Her page to cancel or move it (ADR 0042), valid until the start.
                    ...(data.appointment.manageToken ? { manageLink: `${appUrlNow()}/#/rdv/${data.appointment.manageToken}` } : {}),
                  });
    const outcome = await settings.sender.send(
      uow,
      personNotice({ eventId: metadata.eventId, kind: data.kind, channel: data.channel, to: data.address, ...text }),
    );
    if (outcome === 'sent' && data.channel === 'sms')
      uow.afterCommit(() => countMetric('notifications', 'SmsSent', { name: 'kind', value: 'person-notice' }));
    if (outcome === 'unsupported') logger.warn('Person notice not sent: no channel for it', { channel: data.channel, kind: data.kind });
  },
});
