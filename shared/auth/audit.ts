import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config/settings';
import { ddb } from '../dynamo/client';
import { type DeferredWrites, type ItemReader, type PendingWrite, UnitOfWork } from '../dynamo/unit-of-work';
import type { Actor } from './actor';
import { type ChainHead, type ChainedEntry, type ChainedFields, chainAfter } from './audit-chain';

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
 * Heads of these persons' chains, read strongly consistent and projected to the chain's
 * fields only (on AWS the functions may read no more of the audit table: see ADR 0016).
 */
async function readHeads(personIds: readonly string[]): Promise<Map<string, ChainHead>> {
  const table = tableName('platform', 'audit');
  const heads = new Map<string, ChainHead>();
  for (let i = 0; i < personIds.length; i += 100) {
    let pending: Array<Record<string, unknown>> | undefined = personIds
      .slice(i, i + 100)
      .map((id) => ({ pk: auditPartition(id), sk: AUDIT_HEAD_SK }));
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
      for (const item of out.Responses?.[table] ?? []) {
        heads.set(String(item.pk).slice('PERSON#'.length), { seq: Number(item.seq), hash: String(item.hash) });
      }
      pending = out.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return heads;
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
        item: {
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
        },
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

/** Persons per transaction: one entry and one head each, within DynamoDB's 100 writes. */
const PERSONS_PER_TRANSACTION = 50;

/**
 * The audit lines of a read (e.g. every person of a search page), written on their own: one
 * transaction per 50 persons, in parallel. Returns once every line is stored: the answer never
 * leaves before its audit.
 */
export async function auditReads(actor: Actor, entries: readonly AuditEntry[], now = new Date()): Promise<void> {
  const byPerson = new Map<string, AuditEntry[]>();
  for (const entry of entries) byPerson.set(entry.personId, [...(byPerson.get(entry.personId) ?? []), entry]);
  const persons = [...byPerson.keys()];
  const commits: Promise<void>[] = [];
  for (let i = 0; i < persons.length; i += PERSONS_PER_TRANSACTION) {
    const uow = new UnitOfWork();
    for (const personId of persons.slice(i, i + PERSONS_PER_TRANSACTION)) {
      for (const entry of byPerson.get(personId) ?? []) audit(uow, actor, entry, now);
    }
    commits.push(uow.commit());
  }
  await Promise.all(commits);
}
