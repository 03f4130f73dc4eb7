import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { createLogger } from '../../../shared/observability/logger';
import { PersonErased } from '../../intake/events/intake.events';
import { PLATFORM } from '../owner';
import { PersonReadsStore } from '../store/person-reads.store';

const logger = createLogger('platform');
const store = new PersonReadsStore();

/** Intake erased a person: her flags go too (counts only in the log, never the id). */
export const handler = eventConsumer({
  service: PLATFORM.service,
  subscription: 'personErased',
  table: () => tableName('platform', 'main'),
  async handle(event) {
    const { data } = PersonErased.parse(event.detail);
    const flags = await store.eraseFlagsOf(data.personId);
    if (flags) logger.info('Signalements effacés', { flags });
  },
});
