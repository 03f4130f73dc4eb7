import { eventConsumer } from '../../../shared/events/consumer';
import { toFact } from '../domain/facts';
import { indicatorsTable } from '../store/aggregate-store';
import { makeConsumeFact } from '../use-cases/indicators.use-cases';
import { indicatorsDeps } from './deps';

const consume = makeConsumeFact(indicatorsDeps);

/** A subscription of the indicators: each event becomes a fact and moves the aggregates once. */
export function factsConsumer(subscription: string) {
  return eventConsumer({
    service: 'indicators',
    subscription,
    table: indicatorsTable,
    async handle(event, { uow }) {
      const fact = toFact(event.source, event.detailType, event.detail);
      if (fact) await consume(fact, uow);
    },
  });
}
