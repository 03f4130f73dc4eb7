import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { INTAKE } from '../owner';
import { makeApplyDeliveryResult } from '../use-cases/deliveries.use-cases';
import { intakeDeps } from './deps';

const apply = makeApplyDeliveryResult(intakeDeps);

/** The notifications service reported a delivery's result: the referral's deliveries move forward (ADR 0034). */
export const handler = eventConsumer({
  service: INTAKE.service,
  subscription: 'deliveryResults',
  table: () => tableName('intake', 'main'),
  // The results of one referral arrive together (e-mail, SMS, webhook): one after the other, a lost race tried again.
  sequential: true,
  attemptsOnConflict: 5,
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
