import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { SURVEYS } from '../owner';
import { makeApplyEvent } from '../use-cases/triggers.use-cases';
import { surveysDeps } from './deps';

const apply = makeApplyEvent(surveysDeps);

/** Receptions, closed parcours, consent changes and the directory's names: see the use case. */
export const handler = eventConsumer({
  service: SURVEYS.service,
  subscription: 'triggers',
  table: () => tableName('surveys', 'main'),
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
