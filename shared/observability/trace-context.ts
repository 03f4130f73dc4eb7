import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';

/**
 * What ties a log line or an event to the request or event it comes from (ADR 0020):
 * - `correlationId`: the same from the first request (its `X-Correlation-Id`, else its request id)
 *   through every event and consumer it leads to;
 * - `causationId`: what directly caused the work — the request id in a request, the event id in
 *   a consumer, the message's cause in a queue, none in a schedule (a new chain starts there).
 *
 * The kernel wrappers (HTTP route, event consumer, queue, schedule) open the scope; events created
 * inside it (`defineEvent(...).create`) and log lines written inside it carry it, so a use case
 * cannot forget it. It lives in an `AsyncLocalStorage`, not in a logger's state, because the local
 * stack runs many invocations at once in one process.
 */
export interface TraceContext {
  correlationId: string;
  causationId?: string;
  /** The Lambda context of the invocation (locally, the stack's stand-in). */
  lambda?: Partial<Context>;
}

const storage = new AsyncLocalStorage<TraceContext>();

export function withTrace<T>(trace: TraceContext, fn: () => T): T {
  return storage.run(trace, fn);
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

/** The ids to stamp on what the current work writes (an event, a delivery record). */
export function traceIds(): { correlationId?: string; causationId?: string } {
  const trace = storage.getStore();
  if (!trace) return {};
  return { correlationId: trace.correlationId, ...(trace.causationId ? { causationId: trace.causationId } : {}) };
}
