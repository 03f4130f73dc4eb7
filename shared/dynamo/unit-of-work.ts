import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { kernelErrors } from '../errors/catalogue';
import { ddb } from './client';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface PendingWrite {
  item: TransactItem;
  /** Error to raise when this write's condition fails (default: a version conflict). */
  onConditionFailed?: () => Error;
}

/** A strongly consistent read of items by key, offered to deferred writes by units of work that are not DynamoDB's. */
export interface ItemReader {
  getConsistent(table: string, keys: ReadonlyArray<Record<string, unknown>>): Promise<Record<string, unknown>[]>;
}

/**
 * Writes computed at commit time from fresh reads, e.g. the next link of the audit chain
 * (shared/auth/audit.ts): built again on each attempt. When only these writes fail their
 * conditions (another writer moved what they were based on), the transaction is retried with
 * them rebuilt, so a lost race never fails the request. `reader` is given by a unit of work
 * that does not write to DynamoDB (the in-memory twin): the build reads through it.
 */
export interface DeferredWrites {
  build(reader?: ItemReader): Promise<PendingWrite[]>;
  /** How many writes `build` will give. */
  readonly size: number;
}

export type WriteCondition = { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };

/**
 * The unit of work, as a port (ADR 0023): every write of a request or an event goes into one
 * transaction — the state, the outbox item announcing it, the idempotency record and the audit
 * entry. Nothing is written half: either all of them or none. `new UnitOfWork()` gives the
 * DynamoDB implementation; `shared/testing/memory-unit-of-work.ts` is its in-memory twin, and
 * both pass the same contract tests (`shared/testing/unit-of-work.contract.ts`).
 */
export interface UnitOfWork {
  add(item: TransactItem, onConditionFailed?: () => Error): this;
  put(table: string, item: Record<string, unknown>, condition?: WriteCondition, onConditionFailed?: () => Error): this;
  /**
   * Run once the transaction committed (a business counter, ADR 0020): never when it fails, and
   * a hook's own failure never fails the work.
   */
  afterCommit(hook: () => void): this;
  /** Add writes built at commit (see `DeferredWrites`). */
  defer(writes: DeferredWrites): this;
  readonly size: number;
  commit(): Promise<void>;
}

/** A transaction refused as a whole, with each write's reason (`ConditionalCheckFailed`, `TransactionConflict`, `None`). */
export class TransactionCancelled extends Error {
  constructor(
    readonly codes: ReadonlyArray<string | undefined>,
    options?: { cause?: unknown },
  ) {
    super('Transaction cancelled', options);
    this.name = 'TransactionCancelled';
  }
}

/** Attempts of a transaction whose deferred writes lost a race. */
const DEFERRED_ATTEMPTS = 10;

/**
 * What every unit of work does the same way, whatever it writes to: collecting writes, the
 * deferred writes rebuilt after a lost race, the 100-write limit, which error a cancellation
 * becomes, and the after-commit hooks. An implementation only says how a transaction is run
 * (`transact`, throwing `TransactionCancelled` when it is refused).
 */
export abstract class TransactionalUnitOfWork implements UnitOfWork {
  private readonly writes: PendingWrite[] = [];
  private readonly deferred: DeferredWrites[] = [];
  private committed = false;
  private readonly afterCommitHooks: Array<() => void> = [];

  protected abstract transact(items: TransactItem[]): Promise<void>;

  /** The reader given to deferred writes (none: they read DynamoDB themselves). */
  protected reader(): ItemReader | undefined {
    return undefined;
  }

  add(item: TransactItem, onConditionFailed?: () => Error): this {
    if (this.committed) throw new Error('Unit of work already committed');
    this.writes.push({ item, onConditionFailed });
    return this;
  }

  put(table: string, item: Record<string, unknown>, condition?: WriteCondition, onConditionFailed?: () => Error): this {
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
    const reader = this.reader();
    for (let attempt = 1; ; attempt++) {
      const writes = [...this.writes, ...(await Promise.all(this.deferred.map((d) => d.build(reader)))).flat()];
      if (writes.length === 0) {
        this.committedHooks();
        return;
      }
      if (writes.length > 100) throw new Error('A transaction holds at most 100 writes');
      try {
        await this.transact(writes.map((w) => w.item));
        this.committedHooks();
        return;
      } catch (error) {
        if (error instanceof TransactionCancelled) {
          const reasons = error.codes;
          const failing = (code: string) => reasons.flatMap((r, i) => (r === code ? [i] : []));
          const lost = [...failing('ConditionalCheckFailed'), ...failing('TransactionConflict')];
          if (lost.length > 0 && lost.every((i) => i >= this.writes.length) && attempt < DEFERRED_ATTEMPTS) {
            await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
            continue;
          }
          const failed = reasons.indexOf('ConditionalCheckFailed');
          if (failed >= 0) {
            throw writes[failed]?.onConditionFailed?.() ?? kernelErrors.error('version-conflict');
          }
          if (reasons.some((r) => r === 'TransactionConflict')) {
            throw kernelErrors.error('concurrent-write');
          }
          throw error.cause ?? error;
        }
        throw error;
      }
    }
  }
}

/** The DynamoDB unit of work: one `TransactWriteItems` call. */
export class DynamoUnitOfWork extends TransactionalUnitOfWork {
  protected async transact(items: TransactItem[]): Promise<void> {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new TransactionCancelled((error.CancellationReasons ?? []).map((r) => r.Code), { cause: error });
      }
      throw error;
    }
  }
}

/** `new UnitOfWork()`: the DynamoDB implementation of the port. */
export const UnitOfWork = DynamoUnitOfWork;

/** Optimistic concurrency: write only if the stored version is the one the change was based on. */
export function versionCondition(expected: number) {
  return {
    expression: '#version = :expectedVersion',
    names: { '#version': 'version' },
    values: { ':expectedVersion': expected },
  };
}
