import { type ItemReader, type TransactItem, TransactionalUnitOfWork } from '../dynamo/unit-of-work';
import type { MemoryDatabase } from './memory-database';

/**
 * The in-memory twin of the unit of work (ADR 0023): the same collecting, retries of deferred
 * writes, error mapping and after-commit hooks as DynamoDB's (both extend
 * `TransactionalUnitOfWork`), with the transaction run by a `MemoryDatabase`.
 */
export class MemoryUnitOfWork extends TransactionalUnitOfWork {
  constructor(private readonly database: MemoryDatabase) {
    super();
  }

  protected async transact(items: TransactItem[]): Promise<void> {
    this.database.transact(items);
  }

  protected override reader(): ItemReader {
    return this.database.reader();
  }
}
