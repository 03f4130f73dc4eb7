import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { INTAKE } from '../owner';
import { makeApplyParcoursEvent } from '../use-cases/parcours-projection.use-cases';
import { intakeDeps } from './deps';

const apply = makeApplyParcoursEvent(intakeDeps);

/** The parcours service opened, closed or changed the members of a parcours: update who may read the person. */
export const handler = eventConsumer({
  service: INTAKE.service,
  subscription: 'parcoursAccess',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
