import { factsConsumer } from './facts-consumer';

/** Events of relais.directory → the indicators' aggregates (service.ts says which). */
export const handler = factsConsumer('directoryFacts');
