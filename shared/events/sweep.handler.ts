import { eventPublisher } from './publisher';
import { sweepOutbox } from './relay';

/** Scheduled: republish outbox items left pending for more than a minute. */
export const handler = async (): Promise<{ republished: number }> => {
  const tables = (process.env.RELAIS_OUTBOX_TABLES ?? '').split(',').filter(Boolean);
  let republished = 0;
  for (const table of tables) republished += await sweepOutbox(table, eventPublisher(), 60_000);
  return { republished };
};
