import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { surveysService } from '../service';
import { makeApplyEvent } from '../use-cases/triggers.use-cases';
import { surveysDeps } from './deps';

const apply = makeApplyEvent(surveysDeps);

/** Receptions, closed parcours, consent changes and the directory's names: see the use case. */
export const handler = eventConsumer({
  service: surveysService.name,
  subscription: 'triggers',
  table: () => tableName('surveys', 'main'),
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
