import { openIntervals } from '../domain/opening-hours.check';
import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { directoryDeps } from './deps';

const logger = createLogger('directory');

/**
 * Every night: extend each site's stored open intervals (five weeks ahead), so "open now"
 * stays known without loading the hours library on the read path. No new version, no event:
 * the hours themselves did not change.
 */
export const handler = scheduled('directory', 'openingHoursNightly', async (): Promise<void> => {
  const now = directoryDeps.clock.now();
  let updated = 0;
  for (const site of await directoryDeps.repository.allSites()) {
    await directoryDeps.repository.updateOpenIntervals(site.id, openIntervals(site.openingHours, now));
    updated++;
  }
  logger.info('Horaires d’ouverture prolongés', { sites: updated });
});
