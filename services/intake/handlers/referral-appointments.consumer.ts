import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { INTAKE } from '../owner';
import { makeApplyAppointmentStep } from '../use-cases/referral-appointments.use-cases';
import { intakeDeps } from './deps';

const apply = makeApplyAppointmentStep(intakeDeps);

/** An appointment of a referral was booked, cancelled, honoured or missed: the referral shows it (ADR 0039). */
export const handler = eventConsumer({
  service: INTAKE.service,
  subscription: 'referralAppointments',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
