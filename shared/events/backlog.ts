/**
 * The local stack's replay of the outbox backlog at start (ADR 0015): the HTTP server listens
 * first and the events left pending by the previous run are republished in the background. The
 * health route reports where that replay is. Nothing registers a state on AWS, where the
 * scheduled sweep does this job and the health route says nothing about it.
 */
export interface OutboxBacklog {
  /** `replaying` while the events pending at start are being republished, then `drained`. */
  state: 'replaying' | 'drained';
  /** Events republished by the replay so far. */
  replayed: number;
}

let current: OutboxBacklog | undefined;

export function setOutboxBacklog(state: OutboxBacklog | undefined): void {
  current = state ? { ...state } : undefined;
}

export function outboxBacklog(): OutboxBacklog | undefined {
  return current ? { ...current } : undefined;
}
