import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { INTAKE } from '../owner';
import { makeApplyReachability } from '../use-cases/reachability.use-cases';
import { intakeDeps } from './deps';

const apply = makeApplyReachability(intakeDeps);

/** The notifications service announced which channels reach an organisation: keep the newest. */
export const handler = eventConsumer({
  service: INTAKE.service,
  subscription: 'reachabilityProjection',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
