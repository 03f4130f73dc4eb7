import { loadSecret } from '../../../shared/auth/secrets';
import { eventConsumer } from '../../../shared/events/consumer';
import { toFact } from '../domain/facts';
import { indicatorsTable } from '../store/aggregate-store';
import { makeConsumeFact } from '../use-cases/indicators.use-cases';
import { indicatorsDeps } from './deps';

const consume = makeConsumeFact(indicatorsDeps);

/** The other services' events → facts → the aggregates, once per event (service.ts says which). */
export const handler = eventConsumer({
  service: 'indicators',
  subscription: 'facts',
  table: indicatorsTable,
  // Facts of one batch often touch the same aggregates (an organisation and its sites): in order.
  sequential: true,
  // Two facts about one organisation (its change and a site's) read and stamp the same projection:
  // the loser runs again from fresh reads rather than waiting for the queue's next delivery.
  attemptsOnConflict: 6,
  async handle(event, { uow }) {
    const fact = toFact(event.source, event.detailType, event.detail, await loadSecret('indicatorsKey'));
    if (fact) await consume(fact, uow);
  },
});
