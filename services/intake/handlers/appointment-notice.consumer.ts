import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { AppointmentReminderDue, BookingLinkMessageDue } from '../../appointments/events/appointments.events';
import { PersonNoticeRequested } from '../events/intake.events';
import { INTAKE } from '../owner';
import { intakeDeps } from './deps';

/**
 * A message about her appointment (or her link to choose one) is due (issue 17, ADR 0029): intake, which alone holds the
 * person's contact, finds her through the referral and asks notifications to send it on her
 * phone (else her e-mail). Nothing for a referral without a person, or a person without contact
 * or erased since.
 */
export const handler = eventConsumer({
  service: INTAKE.service,
  subscription: 'appointmentNotices',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow, trace }) {
    const message =
      event.detailType === AppointmentReminderDue.detailType
        ? AppointmentReminderDue.parse(event.detail).data
        : event.detailType === BookingLinkMessageDue.detailType
          ? BookingLinkMessageDue.parse(event.detail).data
          : undefined;
    if (!message) return;
    const referral = await intakeDeps.repository.getReferral(message.referralId, true);
    const person = referral?.personId ? await intakeDeps.repository.getPerson(referral.personId) : undefined;
    const to = person?.phone
      ? { channel: 'sms' as const, address: person.phone }
      : person?.email
        ? { channel: 'email' as const, address: person.email }
        : undefined;
    if (!to) return;
    const notice =
      'token' in message
        ? PersonNoticeRequested.create(
            {
              kind: message.kind === 'link' ? 'appointment.booking-link' : 'appointment.booking-link-reminder',
              ...to,
              bookingLink: { token: message.token, siteName: message.siteName, expiresAt: message.expiresAt },
            },
            trace,
          )
        : PersonNoticeRequested.create(
            {
              kind: message.kind === 'booked' ? 'appointment.booked' : 'appointment.reminder',
              ...to,
              appointment: {
                appointmentId: message.appointmentId,
                start: message.start,
                siteName: message.siteName,
                channel: message.channel,
                ...(message.manageToken ? { manageToken: message.manageToken } : {}),
              },
            },
            trace,
          );
    intakeDeps.repository.publish(uow, notice);
  },
});
