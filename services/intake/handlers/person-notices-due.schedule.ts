import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makePersonNotices } from '../use-cases/person-notices.use-cases';
import { personNoticeDeps } from './person-notices.deps';

const logger = createLogger('intake');
const notices = makePersonNotices(personNoticeDeps);

/** Every 5 minutes: the person's referral notices that waited for the end of the SMS quiet hours. */
export const handler = scheduled('intake', 'personNoticesDue', async (): Promise<void> => {
  const outcome = await notices.flush();
  if (Object.values(outcome).some((n) => n > 0)) logger.info('Messages aux personnes en attente traités', { ...outcome });
});
