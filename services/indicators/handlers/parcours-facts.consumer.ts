import { factsConsumer } from './facts-consumer';

/** Events of relais.parcours → the indicators' aggregates (service.ts says which). */
export const handler = factsConsumer('parcoursFacts');
