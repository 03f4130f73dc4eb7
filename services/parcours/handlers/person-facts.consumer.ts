import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { PARCOURS } from '../owner';
import { makeApplyPersonFacts } from '../use-cases/person-facts.use-cases';
import { parcoursDeps } from './deps';

const apply = makeApplyPersonFacts(parcoursDeps);

/** Intake recorded a person or changed her consents: keep what the policy needs to open a parcours. */
export const handler = eventConsumer({
  service: PARCOURS.service,
  subscription: 'personFacts',
  table: () => tableName('parcours', 'main'),
  sequential: true,
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
