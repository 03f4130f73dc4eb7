import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeRetryExternalCancels } from '../use-cases/retry-external-cancels.use-cases';
import { externalCancelDeps } from './external-cancels.deps';

const logger = createLogger('appointments');
const retry = makeRetryExternalCancels(externalCancelDeps);

/** Every 15 minutes: the cancels an erasure could not make in an external agenda, asked again (see the use case). */
export const handler = scheduled('appointments', 'externalCancels', async (): Promise<void> => {
  const outcome = await retry.execute();
  // Counts only.
  if (Object.values(outcome).some((n) => n > 0)) logger.info('Annulations dans les agendas externes reprises', { ...outcome });
});
