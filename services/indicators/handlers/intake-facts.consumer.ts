import { factsConsumer } from './facts-consumer';

/** Events of relais.intake → the indicators' aggregates (service.ts says which). */
export const handler = factsConsumer('intakeFacts');
