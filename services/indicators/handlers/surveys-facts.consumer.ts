import { factsConsumer } from './facts-consumer';

/** Events of relais.surveys → the indicators' aggregates (service.ts says which). */
export const handler = factsConsumer('surveysFacts');
