import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { INTAKE } from '../owner';
import { makeApplyDirectoryEvent } from '../use-cases/directory-projection.use-cases';
import { intakeDeps } from './deps';

const apply = makeApplyDirectoryEvent(intakeDeps);

/** The directory changed an organisation, a site or a service: update intake's copy. */
export const handler = eventConsumer({
  service: INTAKE.service,
  subscription: 'directoryProjection',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
