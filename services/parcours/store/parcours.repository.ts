import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, queryPage } from '../../../shared/dynamo/paging';
import { queryAll } from '../../../shared/dynamo/query-all';
import { type UnitOfWork, versionCondition } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import { publishInTransaction } from '../../../shared/events/outbox';
import type { ParcoursRepository, PersonFacts } from '../domain/parcours.ports';
import { activeMembers, nextDueDate } from '../domain/parcours.rules';
import type { JournalEntry, Meeting, ParcoursRecord, ParcoursStatus, PersonComment, Territory } from '../domain/parcours.schema';
import { parcoursErrors } from '../errors';
import {
  accessKey,
  commentSk,
  DUE,
  journalSk,
  meetingSk,
  memberPartition,
  parcoursKey,
  parcoursPk,
  personFactsKey,
  personPartition,
  TERRITORIES,
  territoryKey,
} from './keys';

export const table = () => tableName('parcours', 'main');

export const RECORD_FIELDS = [
  'id',
  'personId',
  'status',
  'territoryId',
  'referentMemberId',
  'agreement',
  'members',
  'goals',
  'referentChanges',
  'statusChanges',
  'closing',
  'openedAt',
  'openedBy',
  'updatedAt',
  'version',
] as const;
export const MEETING_FIELDS = ['id', 'date', 'personPresent', 'participants', 'notes', 'decisions', 'recordedAt', 'recordedBy'] as const;
export const COMMENT_FIELDS = ['id', 'goalId', 'actionId', 'text', 'author', 'createdAt'] as const;
export const JOURNAL_FIELDS = ['id', 'date', 'text', 'visibility', 'visibleToPerson', 'authorMemberId', 'author', 'createdAt'] as const;
export const TERRITORY_FIELDS = [
  'id',
  'name',
  'communeCodes',
  'referentDeployed',
  'deployedOn',
  'version',
  'createdAt',
  'updatedAt',
] as const;

export function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) out[field] = item[field];
  return out as T;
}

export const toRecord = (item: Record<string, unknown>) => pick<ParcoursRecord>(item, RECORD_FIELDS);

function recordItem(p: ParcoursRecord) {
  const due = nextDueDate(p);
  return {
    ...parcoursKey(p.id),
    entity: 'Parcours',
    ...p,
    gsi2pk: personPartition(p.personId),
    gsi2sk: `${p.openedAt}#${p.id}`,
    // Sparse: only active parcours with an action still to watch are in the `due` index.
    ...(due ? { duePk: DUE, dueAt: `${due}#${p.id}` } : {}),
  };
}

/** Newer facts landed between the read and the write: the consumer's retry reads them and keeps them. */
class StalePersonFacts extends Error {}

const stale = () => parcoursErrors.error('version-conflict');
const exists = () => parcoursErrors.error('already-exists');

/** The parcours' DynamoDB store: single table, the parcours' partition holds all of it; no Scan. */
export class DynamoParcoursRepository implements ParcoursRepository {
  async getParcours(id: string) {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: parcoursKey(id), ConsistentRead: true }));
    return out.Item ? toRecord(out.Item) : undefined;
  }

  async getParcoursWithItems(id: string) {
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': parcoursPk(id) },
      ConsistentRead: true,
    });
    const record = items.find((i) => i.sk === 'PARCOURS');
    if (!record) return undefined;
    const meetings = items.filter((i) => String(i.sk).startsWith('MEETING#')).map((i) => pick<Meeting>(i, MEETING_FIELDS));
    const journal = items.filter((i) => String(i.sk).startsWith('JOURNAL#')).map((i) => pick<JournalEntry>(i, JOURNAL_FIELDS));
    const comments = items.filter((i) => String(i.sk).startsWith('COMMENT#')).map((i) => pick<PersonComment>(i, COMMENT_FIELDS));
    // Newest first for reading.
    meetings.reverse();
    journal.reverse();
    comments.reverse();
    return { record: toRecord(record), meetings, journal, comments };
  }

  saveParcours(uow: UnitOfWork, next: ParcoursRecord, previous?: ParcoursRecord): void {
    uow.put(
      table(),
      recordItem(next),
      previous ? versionCondition(previous.version) : { expression: 'attribute_not_exists(pk)' },
      previous ? stale : exists,
    );
    const users = (p?: ParcoursRecord) => new Set(p ? activeMembers(p).flatMap((m) => (m.userId ? [m.userId] : [])) : []);
    const before = users(previous);
    const after = users(next);
    const statusChanged = previous?.status !== next.status;
    for (const userId of after) {
      if (before.has(userId) && !statusChanged) continue;
      uow.put(table(), {
        ...accessKey(next.id, userId),
        entity: 'ParcoursAccess',
        parcoursId: next.id,
        userId,
        status: next.status,
        gsi1pk: memberPartition(userId),
        gsi1sk: `${next.openedAt}#${next.id}`,
      });
    }
    for (const userId of before) {
      if (!after.has(userId)) uow.add({ Delete: { TableName: table(), Key: accessKey(next.id, userId) } });
    }
  }

  saveMeeting(uow: UnitOfWork, parcoursId: string, meeting: Meeting): void {
    uow.put(
      table(),
      { pk: parcoursPk(parcoursId), sk: meetingSk(meeting.date, meeting.id), entity: 'Meeting', parcoursId, ...meeting },
      { expression: 'attribute_not_exists(pk)' },
    );
  }

  saveJournalEntry(uow: UnitOfWork, parcoursId: string, entry: JournalEntry): void {
    uow.put(
      table(),
      {
        pk: parcoursPk(parcoursId),
        sk: journalSk(`${entry.date}#${entry.createdAt}`, entry.id),
        entity: 'JournalEntry',
        parcoursId,
        ...entry,
      },
      { expression: 'attribute_not_exists(pk)' },
    );
  }

  replaceJournalEntry(uow: UnitOfWork, parcoursId: string, entry: JournalEntry): void {
    uow.put(
      table(),
      {
        pk: parcoursPk(parcoursId),
        sk: journalSk(`${entry.date}#${entry.createdAt}`, entry.id),
        entity: 'JournalEntry',
        parcoursId,
        ...entry,
      },
      { expression: 'attribute_exists(pk)' },
    );
  }

  saveComment(uow: UnitOfWork, parcoursId: string, comment: PersonComment): void {
    uow.put(
      table(),
      { pk: parcoursPk(parcoursId), sk: commentSk(comment.createdAt, comment.id), entity: 'PersonComment', parcoursId, ...comment },
      { expression: 'attribute_not_exists(pk)' },
    );
  }

  async listOfMember(userId: string, status: ParcoursStatus | undefined, limit: number, cursor?: string): Promise<Page<ParcoursRecord>> {
    const partition = memberPartition(userId);
    const input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'> = {
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'gsi1pk', ...(status ? { '#status': 'status' } : {}) },
      ExpressionAttributeValues: { ':pk': partition, ...(status ? { ':status': status } : {}) },
      ...(status ? { FilterExpression: '#status = :status' } : {}),
      ScanIndexForward: false,
    };
    const page = await queryPage(input, { name: 'gsi1pk', value: partition }, limit, cursor, (item) => item.parcoursId as string);
    const records = await this.batchGetRecords(page.items);
    return { items: page.items.flatMap((id) => records.get(id) ?? []), nextCursor: page.nextCursor };
  }

  private async batchGetRecords(ids: string[]): Promise<Map<string, ParcoursRecord>> {
    const out = new Map<string, ParcoursRecord>();
    for (let i = 0; i < ids.length; i += 100) {
      let pending: Array<Record<string, unknown>> | undefined = ids.slice(i, i + 100).map(parcoursKey);
      for (let attempt = 0; pending?.length && attempt < 8; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const res: BatchGetCommandOutput = await ddb().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: pending } } }));
        for (const item of res.Responses?.[table()] ?? []) out.set(item.id as string, toRecord(item));
        pending = res.UnprocessedKeys?.[table()]?.Keys;
      }
      if (pending?.length) throw new Error('BatchGet left unprocessed keys');
    }
    return out;
  }

  async dueParcours(today: string, limit: number): Promise<string[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'due',
        // `<date>#<id>` < today: due strictly before today.
        KeyConditionExpression: '#pk = :pk AND #sk < :today',
        ExpressionAttributeNames: { '#pk': 'duePk', '#sk': 'dueAt' },
        ExpressionAttributeValues: { ':pk': DUE, ':today': today },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => i.id as string);
  }

  async parcoursOfPerson(personId: string): Promise<string[]> {
    const items = await queryAll({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'gsi2pk', '#id': 'id' },
      ExpressionAttributeValues: { ':pk': personPartition(personId) },
      ProjectionExpression: '#id',
    });
    return items.map((item) => item.id as string);
  }

  async eraseParcours(id: string): Promise<number> {
    let erased = 0;
    for (;;) {
      const out = await ddb().send(
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': parcoursPk(id) },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          Limit: 25,
        }),
      );
      const keys = (out.Items ?? []).map((i) => ({ pk: i.pk, sk: i.sk }));
      if (keys.length === 0) return erased;
      let pending: Array<Record<string, unknown>> | undefined = keys.map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; pending?.length && attempt < 8; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const res: BatchWriteCommandOutput = await ddb().send(new BatchWriteCommand({ RequestItems: { [table()]: pending as never } }));
        pending = res.UnprocessedItems?.[table()] as Array<Record<string, unknown>> | undefined;
      }
      if (pending?.length) throw new Error('BatchWrite left unprocessed deletions');
      erased += keys.length;
    }
  }

  async getPersonFacts(personId: string): Promise<PersonFacts | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: personFactsKey(personId), ConsistentRead: true }));
    return out.Item ? pick<PersonFacts>(out.Item, ['personId', 'recordedByOrganisationId', 'networkSharing', 'at']) : undefined;
  }

  savePersonFacts(uow: UnitOfWork, facts: PersonFacts): void {
    uow.put(
      table(),
      { ...personFactsKey(facts.personId), entity: 'PersonFacts', ...facts },
      { expression: 'attribute_not_exists(pk) OR #at <= :at', names: { '#at': 'at' }, values: { ':at': facts.at } },
      () => new StalePersonFacts(),
    );
  }

  async deletePersonFacts(personId: string): Promise<void> {
    await ddb().send(new DeleteCommand({ TableName: table(), Key: personFactsKey(personId) }));
  }

  async getTerritory(id: string) {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: territoryKey(id), ConsistentRead: true }));
    return out.Item ? pick<Territory>(out.Item, TERRITORY_FIELDS) : undefined;
  }

  async listTerritories(): Promise<Territory[]> {
    const items = await queryAll({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'gsi1pk' },
      ExpressionAttributeValues: { ':pk': TERRITORIES },
    });
    return items.map((item) => pick<Territory>(item, TERRITORY_FIELDS));
  }

  saveTerritory(uow: UnitOfWork, territory: Territory, expectedVersion?: number): void {
    uow.put(
      table(),
      {
        ...territoryKey(territory.id),
        entity: 'Territory',
        ...territory,
        gsi1pk: TERRITORIES,
        gsi1sk: `${territory.name}#${territory.id}`,
      },
      expectedVersion === undefined ? { expression: 'attribute_not_exists(pk)' } : versionCondition(expectedVersion),
      () =>
        expectedVersion === undefined
          ? parcoursErrors.error('territory.already-exists')
          : parcoursErrors.error('territory.version-conflict', { errors: [{ path: 'body.version', message: 'Version périmée' }] }),
    );
  }

  publish(uow: UnitOfWork, event: OutgoingEvent): void {
    publishInTransaction(uow, table(), event);
  }
}
