import { drainPendingReads } from '../../../shared/auth/audit';

/**
 * Scheduled: chain the audit lines of reads of many persons (search pages, lists, duplicate
 * candidates) written as pending items before their answers (ADR 0016, « Off the request
 * path »), then delete those items. Idempotent; a run that dies is taken up by the next one.
 */
export const handler = async (): Promise<{ chained: number }> => drainPendingReads();
