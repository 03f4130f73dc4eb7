import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors/errors';
import { ddb } from './client';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface PendingWrite {
  item: TransactItem;
  /** Error to raise when this write's condition fails (default: a version conflict). */
  onConditionFailed?: () => Error;
}

/**
 * Every write of a request or an event goes into one DynamoDB transaction: the state, the
 * outbox item announcing it, the idempotency record and the audit entry. Nothing is written
 * half: either all of them or none.
 */
export class UnitOfWork {
  private readonly writes: PendingWrite[] = [];
  private committed = false;

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

  get size(): number {
    return this.writes.length;
  }

  async commit(): Promise<void> {
    if (this.committed) throw new Error('Unit of work already committed');
    this.committed = true;
    if (this.writes.length === 0) return;
    if (this.writes.length > 100) throw new Error('A transaction holds at most 100 writes');
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: this.writes.map((w) => w.item) }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (failed >= 0) {
          throw this.writes[failed]?.onConditionFailed?.() ?? new ConflictError();
        }
        if (reasons.some((r) => r.Code === 'TransactionConflict')) {
          throw new ConflictError('Une autre modification était en cours au même moment : recommencez.');
        }
      }
      throw error;
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
