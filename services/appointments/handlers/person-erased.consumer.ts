import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { createLogger } from '../../../shared/observability/logger';
import { APPOINTMENTS } from '../owner';
import { makeForgetPerson } from '../use-cases/person-erased.use-cases';
import { externalCancelDeps } from './external-cancels.deps';

const logger = createLogger('appointments');
const forget = makeForgetPerson(externalCancelDeps);

/** Intake erased a person: her appointments to come are cancelled at the partner; they, her past ones, referral copies and booking links forget her (see the use case). */
export const handler = eventConsumer({
  service: APPOINTMENTS.service,
  subscription: 'personErased',
  table: () => tableName('appointments', 'main'),
  async handle(event) {
    const outcome = await forget.execute(event);
    // Counts only: never the person's id.
    logger.info('Personne effacée oubliée des rendez-vous', { ...outcome });
  },
});
