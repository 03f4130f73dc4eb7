import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { APPOINTMENTS } from '../owner';
import { makeApplyProjections } from '../use-cases/projections.use-cases';
import { appointmentsDeps } from './deps';

const apply = makeApplyProjections(appointmentsDeps);

/** The directory's sites and intake's referrals: see the use case. */
export const handler = eventConsumer({
  service: APPOINTMENTS.service,
  subscription: 'projections',
  table: () => tableName('appointments', 'main'),
  sequential: true,
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
