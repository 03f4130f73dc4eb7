import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { AppointmentReminderDue } from '../../appointments/events/appointments.events';
import { PersonNoticeRequested } from '../events/intake.events';
import { intakeService } from '../service';
import { intakeDeps } from './deps';

/**
 * A message about her appointment is due (issue 17, ADR 0029): intake, which alone holds the
 * person's contact, finds her through the referral and asks notifications to send it on her
 * phone (else her e-mail). Nothing for a referral without a person, or a person without contact
 * or erased since.
 */
export const handler = eventConsumer({
  service: intakeService.name,
  subscription: 'appointmentNotices',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow, trace }) {
    if (event.detailType !== AppointmentReminderDue.detailType) return;
    const { data } = AppointmentReminderDue.parse(event.detail);
    const referral = await intakeDeps.repository.getReferral(data.referralId, true);
    const person = referral?.personId ? await intakeDeps.repository.getPerson(referral.personId) : undefined;
    const to = person?.phone
      ? { channel: 'sms' as const, address: person.phone }
      : person?.email
        ? { channel: 'email' as const, address: person.email }
        : undefined;
    if (!to) return;
    intakeDeps.repository.publish(
      uow,
      PersonNoticeRequested.create(
        {
          kind: data.kind === 'booked' ? 'appointment.booked' : 'appointment.reminder',
          ...to,
          appointment: { appointmentId: data.appointmentId, start: data.start, siteName: data.siteName, channel: data.channel },
        },
        trace,
      ),
    );
  },
});
