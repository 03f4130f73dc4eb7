import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';

type Put = { Put: { TableName: string; Item: Record<string, unknown> } };

/**
 * The audit lines of a read, written with BatchWriteItem rather than a transaction: a read
 * changes no state, so there is nothing for them to be atomic with, and a batch costs a
 * fraction of a transaction (the search benchmark measures it). It takes the kernel's own
 * `audit()` lines unchanged (same table, same item); their keys end with a ULID, so the
 * transaction's "never overwrite" condition has nothing to guard here. `commit` returns only
 * once every line is stored: the answer never leaves before its audit.
 */
export class AuditBatch extends UnitOfWork {
  private readonly puts: Put[] = [];

  override add(item: Parameters<UnitOfWork['add']>[0]): this {
    if (!item.Put?.TableName || !item.Put.Item) throw new Error('An audit batch holds puts only');
    this.puts.push({ Put: { TableName: item.Put.TableName, Item: item.Put.Item } });
    return this;
  }

  override get size(): number {
    return this.puts.length;
  }

  override async commit(): Promise<void> {
    for (let i = 0; i < this.puts.length; i += 25) {
      const byTable = new Map<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>>();
      for (const { Put } of this.puts.slice(i, i + 25)) {
        byTable.set(Put.TableName, [...(byTable.get(Put.TableName) ?? []), { PutRequest: { Item: Put.Item } }]);
      }
      let pending: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>> | undefined = Object.fromEntries(byTable);
      for (let attempt = 0; pending && Object.keys(pending).length; attempt++) {
        if (attempt >= 8) throw new Error('Audit lines left unprocessed');
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const out: BatchWriteCommandOutput = await ddb().send(new BatchWriteCommand({ RequestItems: pending }));
        pending = out.UnprocessedItems as typeof pending;
      }
    }
  }
}
