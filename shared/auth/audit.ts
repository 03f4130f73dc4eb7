import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config/settings';
import { ddb } from '../dynamo/client';
import { queryAll } from '../dynamo/query-all';
import { type DeferredWrites, type ItemReader, type PendingWrite, type TransactItem, UnitOfWork } from '../dynamo/unit-of-work';
import { ulid } from '../ids/ulid';
import type { Actor } from './actor';
import { type ChainedEntry, type ChainedFields, type ChainHead, chainAfter } from './audit-chain';

export interface AuditEntry {
  personId: string;
  action: 'read' | 'create' | 'update' | 'erase' | 'export' | 'exceptional-access';
  /** The route or job, e.g. `GET /api/persons/{id}/history`. */
  route: string;
  /** Why: always set by the server (the route, the job), never taken from the client. */
  purpose: string;
  /** Done under an exceptional access (break-glass): shown as such to the coordinator and the person. */
  exceptional?: boolean;
  /** The exceptional access's reason category (`danger`, `legal_obligation`, `continuity_of_care`). */
  reason?: string;
}

/** A person's audit partition and its items: the head, then her entries in sequence order. */
export const auditPartition = (personId: string) => `PERSON#${personId}`;
export const AUDIT_HEAD_SK = 'HEAD';
export const AUDIT_ENTRY_PREFIX = 'SEQ#';
export const auditEntrySk = (seq: number) => `${AUDIT_ENTRY_PREFIX}${String(seq).padStart(12, '0')}`;

/** The stored item of a chained entry. */
export function auditItem(entry: ChainedEntry): Record<string, unknown> {
  const { personId, exceptional, reason, ...rest } = entry;
  return {
    pk: auditPartition(personId),
    sk: auditEntrySk(entry.seq),
    ...rest,
    ...(exceptional ? { exceptional: true } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** Back from a stored item (what verification re-hashes). */
export function entryOfItem(item: Record<string, unknown>): ChainedEntry {
  return {
    personId: String(item.pk).slice('PERSON#'.length),
    seq: Number(item.seq),
    at: String(item.at),
    actorId: String(item.actorId),
    actorName: String(item.actorName ?? ''),
    actorOrganisationId: (item.actorOrganisationId as string | null | undefined) ?? null,
    actorRoles: Array.isArray(item.actorRoles) ? item.actorRoles.map(String) : [],
    action: String(item.action),
    route: String(item.route),
    purpose: String(item.purpose),
    ...(item.exceptional === true ? { exceptional: true } : {}),
    ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
    prevHash: String(item.prevHash),
    hash: String(item.hash),
  };
}

type Line = Omit<ChainedFields, 'seq' | 'prevHash'>;

/**
 * Items of the audit table by key, read strongly consistent and projected to the chain's fields
 * only (on AWS the functions may read no more of the audit table: see ADR 0016).
 */
async function readChainItems(keys: ReadonlyArray<Record<string, unknown>>): Promise<Record<string, unknown>[]> {
  const table = tableName('platform', 'audit');
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Array<Record<string, unknown>> | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt >= 8) throw new Error('Audit heads left unread');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      const out: BatchGetCommandOutput = await ddb().send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: '#pk, #sk, #seq, #hash',
              ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#seq': 'seq', '#hash': 'hash' },
            },
          },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}

/** Heads of these persons' chains. */
async function readHeads(personIds: readonly string[]): Promise<Map<string, ChainHead>> {
  const items = await readChainItems(personIds.map((id) => ({ pk: auditPartition(id), sk: AUDIT_HEAD_SK })));
  return new Map(items.map((item) => [String(item.pk).slice('PERSON#'.length), { seq: Number(item.seq), hash: String(item.hash) }]));
}

/** The same heads, read through a unit of work's reader (the in-memory twin, ADR 0023). */
async function headsThrough(reader: ItemReader, personIds: readonly string[]): Promise<Map<string, ChainHead>> {
  const items = await reader.getConsistent(
    tableName('platform', 'audit'),
    personIds.map((id) => ({ pk: auditPartition(id), sk: AUDIT_HEAD_SK })),
  );
  return new Map(items.map((item) => [String(item.pk).slice('PERSON#'.length), { seq: Number(item.seq), hash: String(item.hash) }]));
}

/**
 * The audit lines of one unit of work: at commit, each person's head is read, her lines are
 * chained after it (sequence number, previous hash, own hash) and written with "never
 * overwrite", and the head moves on with a condition on the sequence number it was read at.
 * Two writers chaining the same person at once: one transaction is cancelled and the unit of
 * work rebuilds these writes from the new head and tries again (shared/dynamo/unit-of-work.ts).
 */
class AuditChainWrites implements DeferredWrites {
  private readonly lines = new Map<string, Line[]>();

  add(line: Line): void {
    this.lines.set(line.personId, [...(this.lines.get(line.personId) ?? []), line]);
  }

  get size(): number {
    let n = 0;
    for (const lines of this.lines.values()) n += lines.length + 1;
    return n;
  }

  async build(reader?: ItemReader): Promise<PendingWrite[]> {
    const table = tableName('platform', 'audit');
    const heads = reader ? await headsThrough(reader, [...this.lines.keys()]) : await readHeads([...this.lines.keys()]);
    const writes: PendingWrite[] = [];
    for (const [personId, lines] of this.lines) {
      const before = heads.get(personId);
      const { entries, head } = chainAfter(before, lines);
      for (const entry of entries) {
        writes.push({ item: { Put: { TableName: table, Item: auditItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } } });
      }
      writes.push({
        item: headPut(table, personId, before, head),
      });
    }
    return writes;
  }
}

const chains = new WeakMap<UnitOfWork, AuditChainWrites>();

/**
 * Append one line to a person's audit chain, in the same transaction as the change (or alone
 * for a read). The table is append-only: services only put new items, never update or delete,
 * and every put is conditional (an entry is never rewritten, the head moves only from where it
 * was read).
 */
export function audit(uow: UnitOfWork, actor: Actor, entry: AuditEntry, now = new Date()): void {
  let chain = chains.get(uow);
  if (!chain) {
    chain = new AuditChainWrites();
    chains.set(uow, chain);
    uow.defer(chain);
  }
  chain.add({
    personId: entry.personId,
    at: now.toISOString(),
    actorId: actor.id,
    actorName: actor.name,
    actorOrganisationId: actor.organisationId,
    actorRoles: actor.roles,
    action: entry.action,
    route: entry.route,
    purpose: entry.purpose,
    ...(entry.exceptional ? { exceptional: true } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Reads of many persons: one pending item before the answer, chained off the request path
// (ADR 0016, « Off the request path »).

/** Pending reads live in a few partitions, `PENDING#<0..7>`, so that no one partition is hot. */
export const AUDIT_PENDING_PREFIX = 'PENDING#';
export const AUDIT_PENDING_SHARDS = 8;
/** The mark, in a person's partition, that a pending read's line is in her chain (`APPLIED#<pending id>`). */
export const AUDIT_APPLIED_PREFIX = 'APPLIED#';
/** Persons of one pending item at most (an item stays far below DynamoDB's 400 KB). */
const PERSONS_PER_PENDING_ITEM = 500;
/** Persons per transaction when chaining: an entry, the head and the mark each (99 writes). */
const PERSONS_PER_TRANSACTION = 33;

/** A stored pending read: who read which persons, when, through which route and why. */
export interface PendingRead {
  pk: string;
  sk: string;
  id: string;
  at: string;
  actorId: string;
  actorName: string;
  actorOrganisationId: string | null;
  actorRoles: string[];
  action: string;
  route: string;
  purpose: string;
  exceptional?: boolean;
  reason?: string;
  personIds: string[];
}

function pendingOfItem(item: Record<string, unknown>): PendingRead {
  return {
    pk: String(item.pk),
    sk: String(item.sk),
    id: String(item.id),
    at: String(item.at),
    actorId: String(item.actorId),
    actorName: String(item.actorName ?? ''),
    actorOrganisationId: (item.actorOrganisationId as string | null | undefined) ?? null,
    actorRoles: Array.isArray(item.actorRoles) ? item.actorRoles.map(String) : [],
    action: String(item.action),
    route: String(item.route),
    purpose: String(item.purpose),
    ...(item.exceptional === true ? { exceptional: true } : {}),
    ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
    personIds: Array.isArray(item.personIds) ? item.personIds.map(String) : [],
  };
}

/**
 * The audit lines of a read of many persons (a search page, a list, duplicate candidates):
 * ONE durable pending item per 500 persons (one PutItem, never overwriting), written before
 * the answer leaves — the answer still never leaves before its audit. Chaining each person's
 * line follows off the request path (`drainPendingReads`, and at once for a person whose log
 * the coordinator reads: `chainPendingReadsOf`).
 */
export async function auditReads(actor: Actor, entries: readonly AuditEntry[], now = new Date()): Promise<void> {
  // Lines alike (same action, route, purpose, exceptional access) share an item; a person
  // listed twice in one read is one line.
  const groups = new Map<string, { entry: AuditEntry; personIds: Set<string> }>();
  for (const entry of entries) {
    const key = JSON.stringify([entry.action, entry.route, entry.purpose, entry.exceptional === true, entry.reason ?? null]);
    const group = groups.get(key) ?? { entry, personIds: new Set<string>() };
    group.personIds.add(entry.personId);
    groups.set(key, group);
  }
  const table = tableName('platform', 'audit');
  const at = now.toISOString();
  const puts: Promise<unknown>[] = [];
  for (const { entry, personIds } of groups.values()) {
    const ids = [...personIds];
    for (let i = 0; i < ids.length; i += PERSONS_PER_PENDING_ITEM) {
      const id = ulid(now.getTime());
      const item: PendingRead = {
        pk: `${AUDIT_PENDING_PREFIX}${Math.floor(Math.random() * AUDIT_PENDING_SHARDS)}`,
        sk: `${at}#${id}`,
        id,
        at,
        actorId: actor.id,
        actorName: actor.name,
        actorOrganisationId: actor.organisationId,
        actorRoles: [...actor.roles],
        action: entry.action,
        route: entry.route,
        purpose: entry.purpose,
        ...(entry.exceptional ? { exceptional: true } : {}),
        ...(entry.reason ? { reason: entry.reason } : {}),
        personIds: ids.slice(i, i + PERSONS_PER_PENDING_ITEM),
      };
      puts.push(ddb().send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
    }
  }
  await Promise.all(puts);
}

/**
 * A pending read's lines for some of its persons, chained exactly once: at commit each
 * person's head and mark are read; a person already marked is skipped (a replay, or a
 * coordinator's reading that chained her line first); the others get their entry, their head
 * moved from where it was read, and the mark — all conditional, in one transaction. A lost
 * race (another writer on a head, another consumer on a mark) rebuilds from fresh reads.
 */
class PendingReadWrites implements DeferredWrites {
  constructor(
    private readonly pending: PendingRead,
    private readonly personIds: readonly string[],
  ) {}

  get size(): number {
    return this.personIds.length * 3;
  }

  async build(reader?: ItemReader): Promise<PendingWrite[]> {
    const table = tableName('platform', 'audit');
    const mark = `${AUDIT_APPLIED_PREFIX}${this.pending.id}`;
    const keys = this.personIds.flatMap((id) => [
      { pk: auditPartition(id), sk: AUDIT_HEAD_SK },
      { pk: auditPartition(id), sk: mark },
    ]);
    const items = reader ? await reader.getConsistent(table, keys) : await readChainItems(keys);
    const heads = new Map<string, ChainHead>();
    const marked = new Set<string>();
    for (const item of items) {
      const personId = String(item.pk).slice('PERSON#'.length);
      if (item.sk === AUDIT_HEAD_SK) heads.set(personId, { seq: Number(item.seq), hash: String(item.hash) });
      else marked.add(personId);
    }
    const { pk: _pk, sk: _sk, id: _id, personIds: _ids, ...line } = this.pending;
    const writes: PendingWrite[] = [];
    for (const personId of this.personIds) {
      if (marked.has(personId)) continue;
      const before = heads.get(personId);
      const { entries, head } = chainAfter(before, [{ ...line, personId }]);
      const entry = entries[0]!;
      writes.push({ item: { Put: { TableName: table, Item: auditItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } } });
      writes.push({
        item: headPut(table, personId, before, head),
      });
      writes.push({
        item: {
          Put: {
            TableName: table,
            Item: { pk: auditPartition(personId), sk: mark, seq: entry.seq },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      });
    }
    return writes;
  }
}

/** Chain a pending read's lines (all its persons, or only `only`), exactly once each. */
export async function chainPendingRead(pending: PendingRead, only?: string): Promise<void> {
  const persons = only ? pending.personIds.filter((id) => id === only) : pending.personIds;
  const commits: Promise<void>[] = [];
  for (let i = 0; i < persons.length; i += PERSONS_PER_TRANSACTION) {
    commits.push(new UnitOfWork().defer(new PendingReadWrites(pending, persons.slice(i, i + PERSONS_PER_TRANSACTION))).commit());
  }
  await Promise.all(commits);
}

async function queryPending(shard: number, personId?: string): Promise<PendingRead[]> {
  const items = await queryAll({
    TableName: tableName('platform', 'audit'),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `${AUDIT_PENDING_PREFIX}${shard}`, ...(personId ? { ':person': personId } : {}) },
    ...(personId ? { FilterExpression: 'contains(personIds, :person)' } : {}),
    ConsistentRead: true,
  });
  return items.map(pendingOfItem);
}

/**
 * Chain every pending read (oldest first in each partition), then delete it: the consumer
 * (platform's `auditPending` schedule). Idempotent: run twice, or after a crash between
 * chaining and deleting, it adds nothing (the marks). Returns how many pending items it took.
 */
export async function drainPendingReads(): Promise<{ chained: number }> {
  const table = tableName('platform', 'audit');
  let failed: unknown;
  const counts = await Promise.all(
    Array.from({ length: AUDIT_PENDING_SHARDS }, async (_, shard) => {
      let n = 0;
      for (const pending of await queryPending(shard)) {
        try {
          await chainPendingRead(pending);
          await ddb().send(new DeleteCommand({ TableName: table, Key: { pk: pending.pk, sk: pending.sk } }));
          n++;
        } catch (error) {
          // One item that cannot be chained now (a chain contended beyond the retries) must not
          // hold back the others: it stays pending for the next run, and the run fails after.
          failed ??= error;
        }
      }
      return n;
    }),
  );
  if (failed) throw failed;
  return { chained: counts.reduce((a, b) => a + b, 0) };
}

/**
 * Chain at once one person's lines still pending (the coordinator reads or verifies her log:
 * nothing already answered may be missing from it). The pending items stay for the consumer,
 * which finds these lines marked. One Query per pending partition, filtered on the person.
 */
export async function chainPendingReadsOf(personId: string): Promise<number> {
  const found = (await Promise.all(Array.from({ length: AUDIT_PENDING_SHARDS }, (_, shard) => queryPending(shard, personId)))).flat();
  found.sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
  for (const pending of found) await chainPendingRead(pending, personId);
  return found.length;
}

/** The write of a person's chain head, only if it is still the one read (or absent): two writers cannot fork the chain. */
function headPut(
  table: string,
  personId: string,
  before: { seq: number; hash: string } | undefined,
  head: { seq: number; hash: string },
): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { pk: auditPartition(personId), sk: AUDIT_HEAD_SK, seq: head.seq, hash: head.hash },
      ...(before
        ? {
            ConditionExpression: '#seq = :seq AND #hash = :hash',
            ExpressionAttributeNames: { '#seq': 'seq', '#hash': 'hash' },
            ExpressionAttributeValues: { ':seq': before.seq, ':hash': before.hash },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    },
  };
}
