import type { Context } from 'aws-lambda';
import { ulid } from '../ids/ulid';
import { flushMetrics } from './metrics';
import { type TraceContext, withTrace } from './trace-context';
import { traceHandler } from './tracer';

/**
 * One handler invocation as the kernel wrappers run it (HTTP route, event consumer, queue,
 * schedule): its trace scope (correlation and causation ids, the Lambda context, on every log line
 * and every event created inside), its X-Ray subsegment on AWS, and its business counters
 * written at the end.
 */
export async function invocation<T>(
  where: { service: string; handler: string; context?: Partial<Context> },
  trace: Omit<TraceContext, 'lambda'>,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await withTrace({ ...trace, lambda: where.context }, () => traceHandler(where.service, where.handler, fn));
  } finally {
    flushMetrics();
  }
}

/** A work started by no request or event (a schedule): a new chain, with its own id. */
export function newCorrelationId(): string {
  return ulid();
}

/**
 * A scheduled handler: each run starts a chain of its own (correlation id new, no cause), so the
 * events it publishes and the work they lead to can be followed back to this run.
 */
export function scheduled<E, R>(service: string, name: string, fn: (event: E) => Promise<R>) {
  return (event: E, context?: Partial<Context>): Promise<R> =>
    invocation({ service, handler: name, context }, { correlationId: newCorrelationId() }, () => fn(event));
}
