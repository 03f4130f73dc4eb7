import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AUDIT_ENTRY_PREFIX, auditEntrySk, auditPartition, entryOfItem } from '../../../shared/auth/audit';
import type { ChainedEntry } from '../../../shared/auth/audit-chain';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, queryPage } from '../../../shared/dynamo/paging';
import { queryAll } from '../../../shared/dynamo/query-all';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { READ_ACTIONS } from '../domain/person-reads';
import { type FlagStatus, type ReadFlag, ReadFlagSchema } from '../domain/person-reads.schema';
import { platformErrors } from '../errors';

const main = () => tableName('platform', 'main');
const audit = () => tableName('platform', 'audit');

/** Keys of the platform's `main` table (access patterns: ADR 0038). */
export const organisationKey = (id: string) => ({ pk: `ORG#${id}`, sk: 'ORG' });
export const flagKey = (id: string) => ({ pk: `FLAG#${id}`, sk: 'FLAG' });
export const flagListPk = (status: FlagStatus) => `FLAGS#${status}`;
export const flagListKey = (flag: Pick<ReadFlag, 'status' | 'flaggedAt' | 'id'>) => ({
  pk: flagListPk(flag.status),
  sk: `${flag.flaggedAt}#${flag.id}`,
});
export const personFlagPk = (personId: string) => `PERSONFLAG#${personId}`;
export const personFlagKey = (personId: string, seq: number) => ({ pk: personFlagPk(personId), sk: auditEntrySk(seq) });

export interface OrganisationName {
  organisationId: string;
  name?: string;
  version: number;
}

/** A flag as she sees it beside the read (her marker). */
export interface PersonFlagMark {
  seq: number;
  flagId: string;
  status: FlagStatus;
  flaggedAt: string;
  comment?: string;
}

const flagOf = (item: Record<string, unknown>): ReadFlag => {
  const { pk: _pk, sk: _sk, version: _v, ...rest } = item;
  return ReadFlagSchema.parse(rest);
};

/**
 * The person's side of the audit log (« Qui a consulté mon dossier ») and the flags she raises:
 * her own partition of the audit table (one Query, never a Scan), the organisations' names kept
 * from the directory's events, and the flags, listed by status for the coordinator.
 */
export class PersonReadsStore {
  /** Reads of her file by professionals, newest first (changes and her own reads left out by a filter). */
  readsPage(personId: string, limit: number, cursor?: string): Promise<Page<ChainedEntry>> {
    const pk = auditPartition(personId);
    return queryPage(
      {
        TableName: audit(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#action IN (:a0, :a1, :a2) AND NOT contains(actorRoles, :personne)',
        ExpressionAttributeNames: { '#action': 'action' },
        ExpressionAttributeValues: {
          ':pk': pk,
          ':prefix': AUDIT_ENTRY_PREFIX,
          ':a0': READ_ACTIONS[0],
          ':a1': READ_ACTIONS[1],
          ':a2': READ_ACTIONS[2],
          ':personne': 'personne',
        },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      { name: 'pk', value: pk },
      limit,
      cursor,
      entryOfItem,
    );
  }

  /** One entry of her chain, or undefined. */
  async entry(personId: string, seq: number): Promise<ChainedEntry | undefined> {
    const out = await ddb().send(
      new GetCommand({ TableName: audit(), Key: { pk: auditPartition(personId), sk: auditEntrySk(seq) }, ConsistentRead: true }),
    );
    return out.Item ? entryOfItem(out.Item) : undefined;
  }

  async getOrganisation(id: string): Promise<OrganisationName | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: main(), Key: organisationKey(id), ConsistentRead: true }));
    return out.Item
      ? { organisationId: id, ...(out.Item.name ? { name: String(out.Item.name) } : {}), version: Number(out.Item.version) }
      : undefined;
  }

  saveOrganisation(uow: UnitOfWork, organisation: OrganisationName): void {
    uow.put(main(), { ...organisationKey(organisation.organisationId), ...organisation });
  }

  /** The names of these organisations (those known). */
  async organisationNames(ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map(organisationKey);
      for (let attempt = 0; keys?.length && attempt < 8; attempt++) {
        const out: BatchGetCommandOutput = await ddb().send(new BatchGetCommand({ RequestItems: { [main()]: { Keys: keys } } }));
        for (const item of out.Responses?.[main()] ?? []) {
          if (typeof item.name === 'string') names.set(String(item.pk).slice('ORG#'.length), item.name);
        }
        keys = out.UnprocessedKeys?.[main()]?.Keys;
      }
    }
    return names;
  }

  /** Her flags (a handful): by the read's sequence number. */
  async flagsOfPerson(personId: string): Promise<Map<number, PersonFlagMark>> {
    const marks = new Map<number, PersonFlagMark>();
    const items = await queryAll({
      TableName: main(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': personFlagPk(personId) },
      ConsistentRead: true,
    });
    for (const item of items) {
      marks.set(Number(item.seq), {
        seq: Number(item.seq),
        flagId: String(item.flagId),
        status: item.status as FlagStatus,
        flaggedAt: String(item.flaggedAt),
        ...(typeof item.comment === 'string' ? { comment: item.comment } : {}),
      });
    }
    return marks;
  }

  async getFlag(id: string): Promise<ReadFlag | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: main(), Key: flagKey(id), ConsistentRead: true }));
    return out.Item ? flagOf(out.Item) : undefined;
  }

  /** A new flag: its record, its line in the coordinator's open list and her mark, all or nothing; one flag per read. */
  addFlag(uow: UnitOfWork, flag: ReadFlag): void {
    uow.put(main(), { ...flagKey(flag.id), ...flag }, { expression: 'attribute_not_exists(pk)' });
    uow.put(main(), { ...flagListKey(flag), ...flag }, { expression: 'attribute_not_exists(pk)' });
    uow.put(
      main(),
      { ...personFlagKey(flag.personId, flag.read.seq), ...this.mark(flag) },
      { expression: 'attribute_not_exists(pk)' },
      () => platformErrors.error('read.already-flagged'),
    );
  }

  /** The coordinator handled it: the record (only if still open), its list line moved, her mark updated. */
  handleFlag(uow: UnitOfWork, previous: ReadFlag, next: ReadFlag): void {
    uow.put(
      main(),
      { ...flagKey(next.id), ...next },
      { expression: '#status = :open', names: { '#status': 'status' }, values: { ':open': 'open' } },
      () => platformErrors.error('flag.already-handled'),
    );
    uow.add({ Delete: { TableName: main(), Key: flagListKey(previous) } });
    uow.put(main(), { ...flagListKey(next), ...next });
    uow.put(main(), { ...personFlagKey(next.personId, next.read.seq), ...this.mark(next) });
  }

  /** The coordinator's list: newest flagged first. */
  flagsPage(status: FlagStatus, limit: number, cursor?: string): Promise<Page<ReadFlag>> {
    const pk = flagListPk(status);
    return queryPage(
      {
        TableName: main(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      { name: 'pk', value: pk },
      limit,
      cursor,
      flagOf,
    );
  }

  /**
   * A person erased (retention, rule 6): her flags go — her marks, the records and their list
   * lines (her comment is her words). The audit itself is kept (ADR 0016). Idempotent.
   */
  async eraseFlagsOf(personId: string): Promise<number> {
    const marks = await this.flagsOfPerson(personId);
    let erased = 0;
    for (const mark of marks.values()) {
      const flag = await this.getFlag(mark.flagId);
      const keys = [personFlagKey(personId, mark.seq), flagKey(mark.flagId), ...(flag ? [flagListKey(flag)] : [])];
      await ddb().send(new TransactWriteCommand({ TransactItems: keys.map((Key) => ({ Delete: { TableName: main(), Key } })) }));
      erased++;
    }
    return erased;
  }

  private mark(flag: ReadFlag) {
    return {
      seq: flag.read.seq,
      flagId: flag.id,
      status: flag.status,
      flaggedAt: flag.flaggedAt,
      ...(flag.comment ? { comment: flag.comment } : {}),
    };
  }
}
