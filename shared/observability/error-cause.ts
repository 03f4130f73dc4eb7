import { ZodError } from 'zod';
import { AppError } from '../errors/errors';

/** Longest message kept in a log line. */
const MAX_MESSAGE = 200;

/**
 * What a log line may say about an error (ADR 0020): its name always; its message only for
 * classes whose messages are known not to echo input — the services' own errors (French
 * catalogue texts) and the AWS SDK's service errors — truncated. Any other message (a library's,
 * a validation library's, a `new Error(...)` built from data) may quote personal data: left out.
 */
export function errorCause(error: unknown): { errorName: string; errorMessage?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const errorName = error.name || error.constructor?.name || 'Error';
  if (error instanceof ZodError) return { errorName };
  if (error instanceof AppError || isAwsServiceError(error) || SAFE_NAMES.has(errorName)) {
    return { errorName, errorMessage: truncate(error.message) };
  }
  return { errorName };
}

/** Errors of the kernel whose messages are fixed texts or counts. */
const SAFE_NAMES = new Set(['NotificationDeliveryError', 'DeliveryBusyError', 'TimeoutError', 'AbortError']);

function isAwsServiceError(error: Error): boolean {
  const metadata = (error as { $metadata?: unknown; $fault?: unknown }).$metadata;
  return typeof metadata === 'object' && metadata !== null && '$fault' in error;
}

function truncate(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}…` : oneLine;
}
