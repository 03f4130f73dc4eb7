import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { kernelErrors } from '../errors/catalogue';
import { ddb } from './client';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface PendingWrite {
  item: TransactItem;
  /** Error to raise when this write's condition fails (default: a version conflict). */
  onConditionFailed?: () => Error;
}

/**
 * Writes computed at commit time from fresh reads, e.g. the next link of the audit chain
 * (shared/auth/audit.ts): built again on each attempt. When only these writes fail their
 * conditions (another writer moved what they were based on), the transaction is retried with
 * them rebuilt, so a lost race never fails the request.
 */
export interface DeferredWrites {
  build(): Promise<PendingWrite[]>;
  /** How many writes `build` will give. */
  readonly size: number;
}

/** Attempts of a transaction whose deferred writes lost a race. */
const DEFERRED_ATTEMPTS = 10;

/**
 * Every write of a request or an event goes into one DynamoDB transaction: the state, the
 * outbox item announcing it, the idempotency record and the audit entry. Nothing is written
 * half: either all of them or none.
 */
export class UnitOfWork {
  private readonly writes: PendingWrite[] = [];
  private readonly deferred: DeferredWrites[] = [];
  private committed = false;
  private readonly afterCommitHooks: Array<() => void> = [];

  add(item: TransactItem, onConditionFailed?: () => Error): this {
    if (this.committed) throw new Error('Unit of work already committed');
    this.writes.push({ item, onConditionFailed });
    return this;
  }

  put(
    table: string,
    item: Record<string, unknown>,
    condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
    onConditionFailed?: () => Error,
  ): this {
    return this.add(
      {
        Put: {
          TableName: table,
          Item: item,
          ...(condition
            ? {
                ConditionExpression: condition.expression,
                ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
                ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
              }
            : {}),
        },
      },
      onConditionFailed,
    );
  }

  /**
   * Run once the transaction committed (a business counter, ADR 0020): never when it fails, and
   * a hook's own failure never fails the work.
   */
  afterCommit(hook: () => void): this {
    this.afterCommitHooks.push(hook);
    return this;
  }

  private committedHooks(): void {
    for (const hook of this.afterCommitHooks) {
      try {
        hook();
      } catch {
        // a counter never fails the work it counts
      }
    }
  }

  /** Add writes built at commit (see `DeferredWrites`). */
  defer(writes: DeferredWrites): this {
    if (this.committed) throw new Error('Unit of work already committed');
    this.deferred.push(writes);
    return this;
  }

  get size(): number {
    return this.writes.length + this.deferred.reduce((n, d) => n + d.size, 0);
  }

  async commit(): Promise<void> {
    if (this.committed) throw new Error('Unit of work already committed');
    this.committed = true;
    for (let attempt = 1; ; attempt++) {
      const writes = [...this.writes, ...(await Promise.all(this.deferred.map((d) => d.build()))).flat()];
      if (writes.length === 0) {
        this.committedHooks();
        return;
      }
      if (writes.length > 100) throw new Error('A transaction holds at most 100 writes');
      try {
        await ddb().send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.item) }));
        this.committedHooks();
        return;
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          const reasons = error.CancellationReasons ?? [];
          const failing = (code: string) => reasons.flatMap((r, i) => (r.Code === code ? [i] : []));
          const lost = [...failing('ConditionalCheckFailed'), ...failing('TransactionConflict')];
          if (lost.length > 0 && lost.every((i) => i >= this.writes.length) && attempt < DEFERRED_ATTEMPTS) {
            await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
            continue;
          }
          const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
          if (failed >= 0) {
            throw writes[failed]?.onConditionFailed?.() ?? kernelErrors.error('version-conflict');
          }
          if (reasons.some((r) => r.Code === 'TransactionConflict')) {
            throw kernelErrors.error('concurrent-write');
          }
        }
        throw error;
      }
    }
  }
}

/** Optimistic concurrency: write only if the stored version is the one the change was based on. */
export function versionCondition(expected: number) {
  return {
    expression: '#version = :expectedVersion',
    names: { '#version': 'version' },
    values: { ':expectedVersion': expected },
  };
}
