import type { PersonFacts } from '../../services/parcours/domain/parcours.ports';
import type {
  JournalEntry,
  Meeting,
  ParcoursRecord,
  ParcoursStatus,
  PersonComment,
  Territory,
} from '../../services/parcours/domain/parcours.schema';
import { parcoursService } from '../../services/parcours/service';
import {
  DUE,
  memberPartition,
  parcoursKey,
  parcoursPk,
  personFactsKey,
  personPartition,
  TERRITORIES,
  territoryKey,
} from '../../services/parcours/store/keys';
import {
  COMMENT_FIELDS,
  DynamoParcoursRepository,
  JOURNAL_FIELDS,
  MEETING_FIELDS,
  pick,
  TERRITORY_FIELDS,
  table,
  toRecord,
} from '../../services/parcours/store/parcours.repository';
import type { ParcoursMemberUseCaseDeps } from '../../services/parcours/use-cases/parcours.use-cases';
import { platformService } from '../../services/platform/service';
import type { AccountDirectory } from '../auth/accounts';
import { tableName } from '../config/settings';
import { cursorKeyFrom, invalidCursor, type Page, signCursor, verifyCursor } from '../dynamo/paging';
import type { UnitOfWork } from '../dynamo/unit-of-work';
import { newId } from '../validation/common.schema';
import { MemoryDatabase } from './memory-database';
import { MemoryUnitOfWork } from './memory-unit-of-work';
import { type CommittedEvent, committedEvents } from './outbox.memory';
import { withMemoryTables } from './tables';

type Item = Record<string, unknown>;
const MEMORY_CURSOR_KEY = cursorKeyFrom('relais-memory-twin');

/**
 * The in-memory twin of the parcours store (ADR 0023): the DynamoDB store's own writes, reads
 * answered from a `MemoryDatabase` with the same indexes and order. Contract:
 * services/parcours/store/parcours.repository.contract.int.test.ts.
 */
export class MemoryParcoursRepository extends DynamoParcoursRepository {
  constructor(readonly database: MemoryDatabase) {
    super();
  }

  override async getParcours(id: string) {
    const item = this.database.get(table(), parcoursKey(id));
    return item ? toRecord(item) : undefined;
  }

  override async getParcoursWithItems(id: string) {
    const items = this.database.query(table(), { partition: { name: 'pk', value: parcoursPk(id) } }).items;
    const record = items.find((i) => i.sk === 'PARCOURS');
    if (!record) return undefined;
    const meetings = items.filter((i) => String(i.sk).startsWith('MEETING#')).map((i) => pick<Meeting>(i, MEETING_FIELDS));
    const journal = items.filter((i) => String(i.sk).startsWith('JOURNAL#')).map((i) => pick<JournalEntry>(i, JOURNAL_FIELDS));
    const comments = items.filter((i) => String(i.sk).startsWith('COMMENT#')).map((i) => pick<PersonComment>(i, COMMENT_FIELDS));
    meetings.reverse();
    journal.reverse();
    comments.reverse();
    return { record: toRecord(record), meetings, journal, comments };
  }

  override async listOfMember(
    userId: string,
    status: ParcoursStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<ParcoursRecord>> {
    const partition = memberPartition(userId);
    let startKey: Item | undefined;
    if (cursor) {
      const value = verifyCursor(cursor, MEMORY_CURSOR_KEY) as Item | null;
      if (!value || typeof value !== 'object' || value.gsi1pk !== partition) throw invalidCursor();
      startKey = value;
    }
    const ids: string[] = [];
    for (;;) {
      const out = this.database.query(table(), {
        index: { pk: 'gsi1pk', sk: 'gsi1sk' },
        partition: { name: 'gsi1pk', value: partition },
        forward: false,
        ...(status ? { filter: (item: Item) => item.status === status } : {}),
        limit: limit - ids.length,
        startKey,
      });
      ids.push(...out.items.map((i) => i.parcoursId as string));
      startKey = out.lastKey;
      if (!startKey || ids.length >= limit) break;
    }
    const records = this.database.getMany(table(), ids.map(parcoursKey)).map(toRecord);
    const byId = new Map(records.map((r) => [r.id, r]));
    return { items: ids.flatMap((id) => byId.get(id) ?? []), nextCursor: startKey ? signCursor(startKey, MEMORY_CURSOR_KEY) : null };
  }

  override async dueParcours(today: string, limit: number) {
    return this.database
      .query(table(), {
        index: { pk: 'duePk', sk: 'dueAt' },
        partition: { name: 'duePk', value: DUE },
        sort: { name: 'dueAt', lt: today },
        limit,
      })
      .items.map((i) => i.id as string);
  }

  override async parcoursOfPerson(personId: string) {
    return this.database
      .query(table(), { index: { pk: 'gsi2pk', sk: 'gsi2sk' }, partition: { name: 'gsi2pk', value: personPartition(personId) } })
      .items.map((i) => i.id as string);
  }

  override async eraseParcours(id: string) {
    const items = this.database.query(table(), { partition: { name: 'pk', value: parcoursPk(id) } }).items;
    for (const item of items) this.database.delete(table(), { pk: item.pk, sk: item.sk });
    return items.length;
  }

  override async getPersonFacts(personId: string): Promise<PersonFacts | undefined> {
    const item = this.database.get(table(), personFactsKey(personId));
    return item ? pick<PersonFacts>(item, ['personId', 'recordedByOrganisationId', 'networkSharing', 'at']) : undefined;
  }

  override async deletePersonFacts(personId: string) {
    this.database.delete(table(), personFactsKey(personId));
  }

  override async getTerritory(id: string) {
    const item = this.database.get(table(), territoryKey(id));
    return item ? pick<Territory>(item, TERRITORY_FIELDS) : undefined;
  }

  override async listTerritories() {
    return this.database
      .query(table(), { index: { pk: 'gsi1pk', sk: 'gsi1sk' }, partition: { name: 'gsi1pk', value: TERRITORIES } })
      .items.map((i) => pick<Territory>(i, TERRITORY_FIELDS));
  }
}

/** Accounts of a unit test: the ones it declares. */
export function memoryAccounts(accounts: Array<{ userId: string; organisationId: string | null; roles: string[] }> = []) {
  const byId = new Map(accounts.map((a) => [a.userId, a]));
  return {
    add(account: { userId: string; organisationId: string | null; roles: string[] }) {
      byId.set(account.userId, account);
    },
    directory: { get: async (userId: string) => byId.get(userId) } as unknown as AccountDirectory,
  };
}

/** Everything a unit test of the parcours use cases needs (see `memoryIntake`). */
export function memoryParcours(options: { now?: Date } = {}) {
  withMemoryTables(parcoursService, platformService);
  const database = new MemoryDatabase();
  const repository = new MemoryParcoursRepository(database);
  const accounts = memoryAccounts();
  let now = options.now ?? new Date('2026-03-02T09:00:00.000Z');
  // Every dependency, the accounts included: a unit test may run any use case, adding a member too.
  const deps: ParcoursMemberUseCaseDeps = {
    repository,
    accounts: accounts.directory,
    clock: { now: () => now },
    newId,
    newUnitOfWork: () => new MemoryUnitOfWork(database),
  };
  return {
    database,
    repository,
    accounts,
    deps,
    setNow(at: Date | string) {
      now = new Date(at);
    },
    newUnitOfWork: () => new MemoryUnitOfWork(database),
    async write(fn: (uow: UnitOfWork) => void) {
      const uow = new MemoryUnitOfWork(database);
      fn(uow);
      await uow.commit();
    },
    events(detailType?: string): CommittedEvent[] {
      return committedEvents(database, table(), detailType);
    },
    auditOf(personId: string): Array<Record<string, unknown>> {
      return database.query(tableName('platform', 'audit'), {
        partition: { name: 'pk', value: `PERSON#${personId}` },
        sort: { name: 'sk', beginsWith: 'SEQ#' },
      }).items;
    },
    items: () => database.all(table()),
  };
}
