/**
 * The rebuild: recompute every aggregate from the journal of facts the consumers kept (ADR 0013).
 * The facts are replayed in the order the consumers applied them (`journaledAt`) through the same
 * `project` as the consumers, into memory; then every aggregate item of the table is replaced by
 * the result. The journal and the consumers' processed-event markers are left as they are.
 *
 * Run it while the consumers are paused (or at a quiet hour): an event consumed during the
 * rebuild would be journaled but could miss the recomputed figures — run it again.
 */

import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import { queryAll } from '../../../shared/dynamo/query-all';
import { type Item, type Populations, project } from '../domain/aggregates';
import type { Fact } from '../domain/facts';
import { JOURNAL_MONTHS_KEY } from '../use-cases/indicators.use-cases';
import { MemoryStore } from './aggregate-store';

/** Items the rebuild keeps: its input (the journal) and the consumers' idempotency markers. */
const isKept = (item: { pk: string; sk: string }) =>
  item.pk.startsWith('JOURNAL#') ||
  item.pk.startsWith('PERSON#') ||
  item.pk.startsWith('CONSUMED#') ||
  item.pk.startsWith('IDEMPOTENCY#') ||
  (item.pk === JOURNAL_MONTHS_KEY.pk && item.sk === JOURNAL_MONTHS_KEY.sk);

async function partition(table: string, pk: string): Promise<Item[]> {
  return (await queryAll({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })) as Item[];
}

async function batchWrite(table: string, requests: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length; attempt++) {
      const out = await ddb().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as Array<Record<string, unknown>>;
      if (pending.length) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    }
  }
}

export interface RebuildReport {
  facts: number;
  deleted: number;
  written: number;
}

export async function rebuildAggregates(options: { table: string; populations: Populations }): Promise<RebuildReport> {
  const { table, populations } = options;
  const monthsItem = (await partition(table, JOURNAL_MONTHS_KEY.pk)).find((i) => i.sk === JOURNAL_MONTHS_KEY.sk);
  const months = [...((monthsItem?.months as Set<string> | undefined) ?? [])].sort();
  const entries: Array<{ fact: Fact; order: string }> = [];
  for (const month of months) {
    for (const entry of await partition(table, `JOURNAL#${month}`)) {
      entries.push({
        fact: {
          type: entry.type as Fact['type'],
          eventId: entry.sk,
          occurredAt: entry.occurredAt as string,
          data: JSON.parse(entry.data as string),
        },
        order: `${entry.journaledAt ?? entry.occurredAt}#${entry.sk}`,
      });
    }
  }
  // The order the consumers applied them in: a fact may depend on an earlier one (a survey on
  // its organisation's membership).
  entries.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const facts = entries.map((e) => e.fact);

  // Replay in memory, through the consumers' own code.
  const store = new MemoryStore();
  for (const fact of facts) store.apply(await project(fact, { reader: store, populations }));

  // Replace the aggregates: delete those the replay did not produce, write all it did.
  const deletes: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(new ScanCommand({ TableName: table, ProjectionExpression: 'pk, sk', ExclusiveStartKey: start }));
    for (const key of (out.Items ?? []) as Array<{ pk: string; sk: string }>) {
      if (!isKept(key) && !store.items.has(`${key.pk}|${key.sk}`)) deletes.push({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } });
    }
    start = out.LastEvaluatedKey;
  } while (start);
  await batchWrite(table, deletes);
  await batchWrite(
    table,
    [...store.items.values()].map((item) => ({ PutRequest: { Item: item } })),
  );
  return { facts: facts.length, deleted: deletes.length, written: store.items.size };
}
