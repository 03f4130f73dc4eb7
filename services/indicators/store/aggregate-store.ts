import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { queryAll } from '../../../shared/dynamo/query-all';
import type { Item, Key, Op, Reader } from '../domain/aggregates';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const indicatorsTable = () => tableName('indicators', 'main');

/** Reads of the aggregates on DynamoDB (consistent: a consumer decides from them). */
export class DynamoReader implements Reader {
  /** The table is named at each call, from the environment: a process that starts another local stack (the benchmarks) reads the new one. */
  constructor(private readonly fixedTable?: string) {}

  private get table(): string {
    return this.fixedTable ?? indicatorsTable();
  }

  async get(key: Key): Promise<Item | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return out.Item as Item | undefined;
  }

  async query(pk: string): Promise<Item[]> {
    return (await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    })) as Item[];
  }

  /** The census kept at the end of the latest year up to `year`, if any. */
  async latestCensus(year: number): Promise<Item | undefined> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': 'CENSUS', ':from': 'YEAR#0000', ':to': `YEAR#${year}` },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return out.Items?.[0] as Item | undefined;
  }

  /** Several items in one round trip (at most 100 keys). */
  async batchGet(keys: Key[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    let pending: Key[] = keys;
    while (pending.length) {
      const out = await ddb().send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending } } }));
      for (const item of (out.Responses?.[this.table] ?? []) as Item[]) found.set(`${item.pk}|${item.sk}`, item);
      pending = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Key[];
    }
    return found;
  }
}

/** One write of a transaction per op (callers never put two ops on one item). */
export function toTransactItem(table: string, op: Op): TransactItem {
  switch (op.op) {
    case 'add': {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const parts = Object.entries(op.counts).map(([name, n], i) => {
        names[`#a${i}`] = name;
        values[`:a${i}`] = n;
        return `#a${i} :a${i}`;
      });
      return {
        Update: {
          TableName: table,
          Key: op.key,
          UpdateExpression: `ADD ${parts.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    }
    case 'put': {
      const put: NonNullable<TransactItem['Put']> = { TableName: table, Item: { ...op.item, ...op.key } };
      if (op.ifAbsent) put.ConditionExpression = 'attribute_not_exists(pk)';
      if (op.ifBelow) {
        put.ConditionExpression = 'attribute_not_exists(#c) OR #c < :c';
        put.ExpressionAttributeNames = { '#c': op.ifBelow.attr };
        put.ExpressionAttributeValues = { ':c': op.ifBelow.value };
      }
      if (op.ifEquals) {
        put.ExpressionAttributeNames = { '#e': op.ifEquals.attr };
        if (op.ifEquals.value === undefined) {
          put.ConditionExpression = 'attribute_not_exists(#e)';
        } else {
          put.ConditionExpression = '#e = :e';
          put.ExpressionAttributeValues = { ':e': op.ifEquals.value };
        }
      }
      return { Put: put };
    }
    case 'stamp':
      return {
        Update: {
          TableName: table,
          Key: op.key,
          UpdateExpression: 'ADD #s :one',
          ConditionExpression: op.expect === undefined ? 'attribute_not_exists(#s)' : '#s = :x',
          ExpressionAttributeNames: { '#s': op.attr },
          ExpressionAttributeValues: { ':one': 1, ...(op.expect === undefined ? {} : { ':x': op.expect }) },
        },
      };
    case 'delete':
      return { Delete: { TableName: table, Key: op.key } };
    case 'addToSet':
      return {
        Update: {
          TableName: table,
          Key: op.key,
          UpdateExpression: 'ADD #s :s',
          ExpressionAttributeNames: { '#s': op.attr },
          ExpressionAttributeValues: { ':s': new Set(op.values) },
        },
      };
  }
}

/**
 * The aggregates in memory, applying the same ops: the rebuild replays the journal here before
 * writing the result, and the unit tests read the figures from it.
 */
export class MemoryStore implements Reader {
  readonly items = new Map<string, Item>();

  async get(key: Key): Promise<Item | undefined> {
    const item = this.items.get(`${key.pk}|${key.sk}`);
    return item ? structuredClone(item) : undefined;
  }

  async query(pk: string): Promise<Item[]> {
    return [...this.items.values()]
      .filter((i) => i.pk === pk)
      .sort((a, b) => (a.sk < b.sk ? -1 : 1))
      .map((i) => structuredClone(i));
  }

  /** All the ops or none, like a transaction: every condition is checked first. */
  apply(ops: Op[]): void {
    for (const op of ops) {
      const id = `${op.key.pk}|${op.key.sk}`;
      const stored = this.items.get(id);
      if (op.op === 'stamp' && stored?.[op.attr] !== op.expect) throw new Error(`condition failed: ${id}`);
      if (op.op !== 'put') continue;
      if (op.ifAbsent && stored) throw new Error(`condition failed: ${id}`);
      const below = op.ifBelow && stored?.[op.ifBelow.attr];
      if (op.ifBelow && below !== undefined && !((below as string | number) < op.ifBelow.value)) throw new Error(`condition failed: ${id}`);
      if (op.ifEquals && stored?.[op.ifEquals.attr] !== op.ifEquals.value) throw new Error(`condition failed: ${id}`);
    }
    for (const op of ops) {
      const id = `${op.key.pk}|${op.key.sk}`;
      const stored = this.items.get(id);
      switch (op.op) {
        case 'add': {
          const item: Item = stored ?? { ...op.key };
          for (const [name, n] of Object.entries(op.counts)) item[name] = ((item[name] as number | undefined) ?? 0) + n;
          this.items.set(id, item);
          break;
        }
        case 'put':
          this.items.set(id, { ...structuredClone(op.item), ...op.key });
          break;
        case 'delete':
          this.items.delete(id);
          break;
        case 'stamp': {
          const item: Item = stored ?? { ...op.key };
          item[op.attr] = ((item[op.attr] as number | undefined) ?? 0) + 1;
          this.items.set(id, item);
          break;
        }
        case 'addToSet': {
          const item: Item = stored ?? { ...op.key };
          const set = new Set((item[op.attr] as Set<string> | undefined) ?? []);
          for (const v of op.values) set.add(v);
          item[op.attr] = set;
          this.items.set(id, item);
          break;
        }
      }
    }
  }
}
