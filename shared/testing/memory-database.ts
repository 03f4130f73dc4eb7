import type { ItemReader, TransactItem } from '../dynamo/unit-of-work';
import { TransactionCancelled } from '../dynamo/unit-of-work';
import { applyUpdate, compare, type ExpressionContext, meets } from './expression';

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;

/** How a sort key is bounded in a query (the key conditions Relais writes). */
export type SortCondition =
  | { beginsWith: string }
  | { between: [string, string] }
  | { lte: string }
  | { lt: string }
  | { gte: string }
  | { eq: string };

export interface MemoryQuery {
  /** A global secondary index: items without both of its attributes are not in it (sparse). */
  index?: { pk: string; sk: string };
  partition: { name: string; value: unknown };
  sort?: { name: string } & SortCondition;
  /** Ascending (default) or descending by the sort key. */
  forward?: boolean;
  filter?: (item: Item) => boolean;
  limit?: number;
  /** Continue after this item's key (the `LastEvaluatedKey` of the previous page). */
  startKey?: Key;
}

/** What DynamoDB's document client keeps of an item: no `undefined`, a copy the caller cannot change afterwards. */
function stored(item: Item): Item {
  return JSON.parse(JSON.stringify(item)) as Item;
}

const keyOf = (item: Item) => `${String(item.pk)}\u0000${String(item.sk ?? '')}`;

/**
 * The in-memory twin of the DynamoDB tables (ADR 0023): items by `pk`/`sk`, transactions that
 * check every condition before writing anything and refuse two writes to one item, queries by
 * partition (table or index) in DynamoDB's sort order. Its behaviour is pinned by the contract
 * tests that also run on DynamoDB Local; a use case's unit test reads and writes through it.
 */
export class MemoryDatabase {
  private readonly tables = new Map<string, Map<string, Item>>();

  private table(name: string): Map<string, Item> {
    let table = this.tables.get(name);
    if (!table) {
      table = new Map();
      this.tables.set(name, table);
    }
    return table;
  }

  get(table: string, key: Key): Item | undefined {
    const item = this.table(table).get(keyOf(key));
    return item ? stored(item) : undefined;
  }

  getMany(table: string, keys: ReadonlyArray<Key>): Item[] {
    return keys.flatMap((key) => {
      const item = this.get(table, key);
      return item ? [item] : [];
    });
  }

  /** Every item of a table (tests only: a request path never lists a whole table). */
  all(table: string): Item[] {
    return [...this.table(table).values()].map(stored);
  }

  /** Delete without a transaction (a store's batch deletion). */
  delete(table: string, key: Key): void {
    this.table(table).delete(keyOf(key));
  }

  /** Write without a transaction (a test's seeding). */
  seed(table: string, item: Item): void {
    this.table(table).set(keyOf(item), stored(item));
  }

  query(table: string, query: MemoryQuery): { items: Item[]; lastKey?: Key } {
    const index = query.index;
    const sortName = index ? index.sk : 'sk';
    let items = [...this.table(table).values()].filter((item) => {
      if (index && (item[index.pk] === undefined || item[index.sk] === undefined)) return false;
      if (item[query.partition.name] !== query.partition.value) return false;
      const sort = query.sort;
      if (!sort) return true;
      const value = item[sort.name];
      if (typeof value !== 'string') return false;
      if ('beginsWith' in sort) return value.startsWith(sort.beginsWith);
      if ('between' in sort) return compare(value, sort.between[0]) >= 0 && compare(value, sort.between[1]) <= 0;
      if ('lte' in sort) return compare(value, sort.lte) <= 0;
      if ('lt' in sort) return compare(value, sort.lt) < 0;
      if ('gte' in sort) return compare(value, sort.gte) >= 0;
      return value === sort.eq;
    });
    // Ties on an index's sort key: by the table's key, as a stable order.
    items.sort((a, b) => compare(a[sortName], b[sortName]) || compare(keyOf(a), keyOf(b)));
    if (query.forward === false) items.reverse();
    if (query.startKey) {
      const after = items.findIndex((item) => keyOf(item) === keyOf(query.startKey as Key));
      items = after >= 0 ? items.slice(after + 1) : [];
    }
    // As DynamoDB: `limit` counts the items read, before the filter.
    const read = query.limit === undefined ? items : items.slice(0, query.limit);
    // As DynamoDB, a query stopped by its limit gives the last key read, even when nothing follows.
    const more = query.limit !== undefined && read.length === query.limit;
    const last = read[read.length - 1];
    const kept = (query.filter ? read.filter(query.filter) : read).map(stored);
    return {
      items: kept,
      ...(more && last
        ? {
            lastKey: {
              pk: last.pk,
              sk: last.sk,
              ...(index ? { [index.pk]: last[index.pk], [index.sk]: last[index.sk] } : {}),
            },
          }
        : {}),
    };
  }

  /**
   * All or nothing, as `TransactWriteItems`: every condition is checked against the items as
   * they were before the transaction; one failing cancels all, with each write's reason.
   */
  transact(items: readonly TransactItem[]): void {
    const targets = items.map((item) => target(item));
    const seen = new Set<string>();
    for (const t of targets) {
      const id = `${t.table}\u0001${keyOf(t.key)}`;
      if (seen.has(id)) throw new Error('Transaction request cannot include multiple operations on one item');
      seen.add(id);
    }
    const codes = targets.map((t) => {
      if (!t.condition) return 'None';
      return meets(t.condition.expression, this.table(t.table).get(keyOf(t.key)), t.condition.context) ? 'None' : 'ConditionalCheckFailed';
    });
    if (codes.some((code) => code !== 'None')) throw new TransactionCancelled(codes);
    for (const t of targets) {
      const table = this.table(t.table);
      if (t.kind === 'put') table.set(keyOf(t.key), stored(t.item as Item));
      else if (t.kind === 'delete') table.delete(keyOf(t.key));
      else if (t.kind === 'update') {
        const before = table.get(keyOf(t.key)) ?? { ...t.key };
        table.set(keyOf(t.key), stored(applyUpdate(t.update as string, before, t.updateContext)));
      }
    }
  }

  /** The reader deferred writes use in a unit of work of this database. */
  reader(): ItemReader {
    return { getConsistent: async (table, keys) => this.getMany(table, keys) };
  }
}

interface Target {
  kind: 'put' | 'delete' | 'update' | 'check';
  table: string;
  key: Key;
  item?: Item;
  update?: string;
  updateContext?: ExpressionContext;
  condition?: { expression: string; context: ExpressionContext };
}

function condition(op: {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}) {
  return op.ConditionExpression
    ? { expression: op.ConditionExpression, context: { names: op.ExpressionAttributeNames, values: op.ExpressionAttributeValues } }
    : undefined;
}

function target(item: TransactItem): Target {
  if (item.Put) {
    const put = item.Put;
    const value = put.Item as Item;
    return { kind: 'put', table: put.TableName as string, key: { pk: value.pk, sk: value.sk }, item: value, condition: condition(put) };
  }
  if (item.Delete) {
    const del = item.Delete;
    return { kind: 'delete', table: del.TableName as string, key: del.Key as Key, condition: condition(del) };
  }
  if (item.Update) {
    const update = item.Update;
    return {
      kind: 'update',
      table: update.TableName as string,
      key: update.Key as Key,
      update: update.UpdateExpression,
      updateContext: { names: update.ExpressionAttributeNames, values: update.ExpressionAttributeValues },
      condition: condition(update),
    };
  }
  if (item.ConditionCheck) {
    const check = item.ConditionCheck;
    return { kind: 'check', table: check.TableName as string, key: check.Key as Key, condition: condition(check) };
  }
  throw new Error('Écriture de transaction inconnue');
}
