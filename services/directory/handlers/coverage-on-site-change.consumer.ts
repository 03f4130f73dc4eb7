import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { DIRECTORY } from '../owner';
import { directoryDeps } from './deps';

/** A site changed: ask for a coverage computation (the schedule runs it once changes are quiet). */
export const handler = eventConsumer({
  service: DIRECTORY.service,
  subscription: 'coverageOnSiteChange',
  table: () => tableName('directory', 'main'),
  async handle(_event, { uow }) {
    directoryDeps.repository.requestCoverage(uow, directoryDeps.clock.now().toISOString());
  },
});
