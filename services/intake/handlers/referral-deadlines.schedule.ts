import { countMetric } from '../../../shared/observability/metrics';
import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeProcessReferralDeadlines } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const logger = createLogger('intake');
const deadlines = makeProcessReferralDeadlines(intakeDeps);

/** Every 15 minutes: remind partners of unanswered referrals at half the delay, then expire them. */
export const handler = scheduled('intake', 'referralDeadlines', async (): Promise<void> => {
  const outcome = await deadlines.execute();
  if (outcome.expired) countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'expired' }, outcome.expired);
  if (outcome.reminded || outcome.expired) logger.info('Échéances des orientations traitées', { ...outcome });
});
