import type { ExceptionalAccess } from '../../services/intake/domain/exceptional-access.schema';
import type {
  DuplicateQuery,
  OrganisationProjection,
  PersonSearchHit,
  ReceptionFilter,
  ReferralFilter,
  ServiceProjection,
  SiteProjection,
} from '../../services/intake/domain/intake.ports';
import type { ParcoursMemberProjection, ParcoursProjection } from '../../services/intake/domain/parcours-access';
import type { Referral } from '../../services/intake/domain/referral.rules';
import { intakeService } from '../../services/intake/service';
import {
  DynamoIntakeRepository,
  franceConnectSubsOf,
  HISTORY_LIMIT,
  PARCOURS_FIELDS,
  PARCOURS_MEMBER_FIELDS,
  pick,
  previousMonth,
  table,
  toExceptionalAccess,
  toOrganisation,
  toPerson,
  toReception,
  toReferral,
  toRunningReferral,
  referralWithResults,
  reachOf,
  toService,
  toSite,
} from '../../services/intake/store/intake.repository';
import {
  bornWithFirstName,
  bornWithLastName,
  DUE,
  EXCEPTIONAL_PREFIX,
  exactNamesPrefix,
  exceptionalAccessesOfMonth,
  namePartition,
  organisationKey,
  PERSON_PARCOURS_PREFIX,
  parcoursReaderKey,
  personKey,
  personParcoursKey,
  personParcoursMemberKey,
  RETENTION,
  RUNNING_REFERRALS,
  receptionKey,
  receptionsOfOrganisation,
  receptionsOfPerson,
  receptionsOfSite,
  referralKey,
  organisationAccountsKey,
  organisationChannelsKey,
  referralsFrom,
  referralsOfPerson,
  referralsTo,
  referredToKey,
  serviceKey,
  siteKey,
} from '../../services/intake/store/keys';
import type { IntakeUseCaseDeps } from '../../services/intake/use-cases/context';
import { platformService } from '../../services/platform/service';
import type { Actor } from '../auth/actor';
import { audit } from '../auth/audit';
import { tableName } from '../config/settings';
import { cursorKeyFrom, invalidCursor, type Page, signCursor, verifyCursor } from '../dynamo/paging';
import type { UnitOfWork } from '../dynamo/unit-of-work';
import { newId } from '../validation/common.schema';
import type { MemoryQuery } from './memory-database';
import { MemoryDatabase } from './memory-database';
import { MemoryUnitOfWork } from './memory-unit-of-work';
import { type CommittedEvent, committedEvents } from './outbox.memory';
import { withMemoryTables } from './tables';

type Item = Record<string, unknown>;
const gsi = (n: string) => ({ pk: `${n}pk`, sk: `${n}sk` });
const DUE_INDEX = { pk: 'duePk', sk: 'dueAt' };

/** Cursors of the twin: signed like the real ones, with a key of its own. */
const MEMORY_CURSOR_KEY = cursorKeyFrom('relais-memory-twin');

/**
 * The in-memory twin of the intake store (ADR 0023). Writes are the DynamoDB store's own (the
 * same items, keys, index attributes and conditions, added to the unit of work); reads answer
 * from a `MemoryDatabase` the way the DynamoDB queries do (same indexes, order, paging). The
 * contract tests (`services/intake/store/intake.repository.contract.int.test.ts`) run on both.
 */
export class MemoryIntakeRepository extends DynamoIntakeRepository {
  constructor(readonly database: MemoryDatabase) {
    super();
  }

  private item(key: { pk: string; sk: string }): Item | undefined {
    return this.database.get(table(), key);
  }

  private many(keys: Array<{ pk: string; sk: string }>): Item[] {
    return this.database.getMany(table(), keys);
  }

  private all(query: MemoryQuery, max = Number.POSITIVE_INFINITY): Item[] {
    return this.database.query(table(), query).items.slice(0, max);
  }

  private page<T>(query: MemoryQuery, limit: number, cursor: string | undefined, map: (item: Item) => T): Page<T> {
    const partition = query.index ? query.index.pk : 'pk';
    let startKey: Item | undefined;
    if (cursor) {
      const value = verifyCursor(cursor, MEMORY_CURSOR_KEY) as Item | null;
      if (!value || typeof value !== 'object' || value[partition] !== query.partition.value) throw invalidCursor();
      startKey = value;
    }
    const items: T[] = [];
    for (;;) {
      const out = this.database.query(table(), { ...query, limit: limit - items.length, startKey });
      items.push(...out.items.map(map));
      startKey = out.lastKey;
      if (!startKey || items.length >= limit) break;
    }
    return { items, nextCursor: startKey ? signCursor(startKey, MEMORY_CURSOR_KEY) : null };
  }

  // Persons -------------------------------------------------------------------------------------

  override async getPerson(id: string) {
    const item = this.item(personKey(id));
    return item ? toPerson(item) : undefined;
  }

  override async getPersons(ids: readonly string[]) {
    return new Map(this.many(ids.map(personKey)).map((item) => [item.id as string, toPerson(item)]));
  }

  override async findPossibleDuplicates(query: DuplicateQuery) {
    const prefix = exactNamesPrefix(query.lastName, query.firstName);
    const found = this.all(
      { index: gsi('gsi1'), partition: { name: 'gsi1pk', value: namePartition(prefix) }, sort: { name: 'gsi1sk', beginsWith: prefix } },
      200,
    );
    if (query.birthDate) {
      found.push(
        ...this.all({ index: gsi('gsi3'), partition: { name: 'gsi3pk', value: bornWithFirstName(query.birthDate, query.firstName) } }, 200),
      );
      found.push(
        ...this.all({ index: gsi('gsi4'), partition: { name: 'gsi4pk', value: bornWithLastName(query.birthDate, query.lastName) } }, 200),
      );
    }
    return [...new Map(found.map((item) => [item.id as string, toPerson(item)])).values()];
  }

  override async searchPersons(q: string, birthDate: string | undefined, limit: number, cursor?: string): Promise<Page<PersonSearchHit>> {
    type State = { q: string; phase: 1 | 2; key?: Item };
    let state: State | undefined = { q, phase: 1 };
    if (cursor) {
      const value = verifyCursor(cursor, MEMORY_CURSOR_KEY) as State | null;
      if (!value || typeof value !== 'object' || value.q !== q || (value.phase !== 1 && value.phase !== 2)) throw invalidCursor();
      state = value;
    }
    const hits: PersonSearchHit[] = [];
    while (state && hits.length < limit) {
      const index = state.phase === 1 ? 'gsi1' : 'gsi2';
      const phase = state.phase;
      const out = this.database.query(table(), {
        index: gsi(index),
        partition: { name: `${index}pk`, value: namePartition(q) },
        sort: { name: `${index}sk`, beginsWith: q },
        filter: (item) => (!birthDate || item.birthDate === birthDate) && (phase === 1 || !String(item.gsi1sk ?? '').startsWith(q)),
        limit: limit - hits.length,
        startKey: state.key,
      });
      for (const item of out.items) hits.push(searchHit(item));
      if (out.lastKey) state = { q, phase: state.phase, key: out.lastKey };
      else state = state.phase === 1 ? { q, phase: 2 } : undefined;
    }
    return { items: hits, nextCursor: state ? signCursor(state, MEMORY_CURSOR_KEY) : null };
  }

  override async referredTo(personId: string, organisationId: string) {
    return this.item(referredToKey(personId, organisationId)) !== undefined;
  }

  override async referredToMany(personIds: readonly string[], organisationId: string) {
    return new Set(this.many(personIds.map((id) => referredToKey(id, organisationId))).map((item) => item.personId as string));
  }

  // Receptions ------------------------------------------------------------------------------------

  override async getReception(id: string) {
    const item = this.item(receptionKey(id));
    return item ? toReception(item) : undefined;
  }

  override async listReceptions(filter: ReceptionFilter, limit: number, cursor?: string) {
    const [index, value] = filter.siteId
      ? ['gsi1', receptionsOfSite(filter.siteId)]
      : ['gsi2', receptionsOfOrganisation(filter.organisationId)];
    const sortName = `${index}sk`;
    const sort =
      filter.from && filter.to
        ? { name: sortName, between: [filter.from, `${filter.to}~`] as [string, string] }
        : filter.from
          ? { name: sortName, gte: filter.from }
          : filter.to
            ? { name: sortName, lte: `${filter.to}~` }
            : undefined;
    return this.page(
      { index: gsi(index), partition: { name: `${index}pk`, value }, ...(sort ? { sort } : {}), forward: false },
      limit,
      cursor,
      toReception,
    );
  }

  override async receptionsOfPerson(personId: string) {
    return this.all(
      { index: gsi('gsi3'), partition: { name: 'gsi3pk', value: receptionsOfPerson(personId) }, forward: false },
      HISTORY_LIMIT,
    ).map(toReception);
  }

  // Referrals -------------------------------------------------------------------------------------

  override async getReferral(id: string) {
    return referralWithResults(this.all({ partition: { name: 'pk', value: referralKey(id).pk } }));
  }

  override async listReferrals(filter: ReferralFilter, limit: number, cursor?: string): Promise<Page<Referral>> {
    const [index, value] =
      filter.box === 'incoming' ? ['gsi1', referralsTo(filter.organisationId)] : ['gsi2', referralsFrom(filter.organisationId)];
    return this.page(
      {
        index: gsi(index),
        partition: { name: `${index}pk`, value },
        forward: false,
        ...(filter.status ? { filter: (item: Item) => item.status === filter.status } : {}),
      },
      limit,
      cursor,
      toReferral,
    );
  }

  override async referralsOfPerson(personId: string) {
    return this.all(
      { index: gsi('gsi3'), partition: { name: 'gsi3pk', value: referralsOfPerson(personId) }, forward: false },
      HISTORY_LIMIT,
    ).map(toReferral);
  }

  override async runningReferrals() {
    return this.all({ partition: { name: 'pk', value: RUNNING_REFERRALS } }).map(toRunningReferral);
  }

  override async dueReferrals(now: string, limit: number) {
    return this.all({ index: DUE_INDEX, partition: { name: 'duePk', value: DUE }, sort: { name: 'dueAt', lte: `${now}~` } }, limit).map(
      toReferral,
    );
  }

  // Retention -------------------------------------------------------------------------------------

  override async personsDueForErasure(now: string, limit: number) {
    return this.all(
      { index: DUE_INDEX, partition: { name: 'duePk', value: RETENTION }, sort: { name: 'dueAt', lte: `${now}~` } },
      limit,
    ).map((item) => ({ personId: String(item.id), lastActivityAt: String(item.lastActivityAt ?? item.updatedAt) }));
  }

  override async everythingOfPerson(personId: string) {
    const partition = this.all({ partition: { name: 'pk', value: personKey(personId).pk } });
    return {
      receptions: this.all({ index: gsi('gsi3'), partition: { name: 'gsi3pk', value: receptionsOfPerson(personId) } }).map(toReception),
      referrals: this.all({ index: gsi('gsi3'), partition: { name: 'gsi3pk', value: referralsOfPerson(personId) } }).map(toReferral),
      partition: partition.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
      franceConnectSubs: franceConnectSubsOf(
        personId,
        partition.map((item) => ({ sk: String(item.sk), sub: item.sub })),
      ),
    };
  }

  // Projections of the directory ------------------------------------------------------------------

  override async getOrganisation(id: string) {
    const item = this.item(organisationKey(id));
    return item ? toOrganisation(item) : undefined;
  }

  override async getOrganisations(ids: readonly string[]) {
    return new Map(this.many(ids.map(organisationKey)).map((item) => [item.organisationId as string, toOrganisation(item)]));
  }

  override async getSite(id: string) {
    const item = this.item(siteKey(id));
    return item ? toSite(item) : undefined;
  }

  override async getService(id: string) {
    const item = this.item(serviceKey(id));
    return item ? toService(item) : undefined;
  }

  override async getReach(id: string) {
    return reachOf(this.many([organisationChannelsKey(id), organisationAccountsKey(id)]));
  }

  // Parcours of a person --------------------------------------------------------------------------

  override async parcoursOfPerson(personId: string) {
    const items = this.all({
      partition: { name: 'pk', value: personKey(personId).pk },
      sort: { name: 'sk', beginsWith: PERSON_PARCOURS_PREFIX },
    });
    return {
      parcours: items.filter((i) => i.entity === 'ParcoursProjection').map((i) => pick<ParcoursProjection>(i, PARCOURS_FIELDS)),
      members: items
        .filter((i) => i.entity === 'ParcoursMemberProjection')
        .map((i) => pick<ParcoursMemberProjection>(i, PARCOURS_MEMBER_FIELDS)),
    };
  }

  override async getParcoursProjection(personId: string, parcoursId: string) {
    const item = this.item(personParcoursKey(personId, parcoursId));
    return item ? pick<ParcoursProjection>(item, PARCOURS_FIELDS) : undefined;
  }

  override async parcoursReaderOf(personIds: readonly string[], userId: string) {
    return new Set(this.many(personIds.map((id) => parcoursReaderKey(id, userId))).map((item) => item.personId as string));
  }

  override async getParcoursMember(personId: string, parcoursId: string, memberId: string) {
    const item = this.item(personParcoursMemberKey(personId, parcoursId, memberId));
    return item ? pick<ParcoursMemberProjection>(item, PARCOURS_MEMBER_FIELDS) : undefined;
  }

  // Exceptional accesses --------------------------------------------------------------------------

  override async activeExceptionalAccess(personId: string, userId: string, now: string): Promise<ExceptionalAccess | undefined> {
    const [item] = this.database.query(table(), {
      partition: { name: 'pk', value: personKey(personId).pk },
      sort: { name: 'sk', beginsWith: `${EXCEPTIONAL_PREFIX}${userId}#` },
      forward: false,
      limit: 1,
    }).items;
    if (!item || String(item.grantedUntil) <= now) return undefined;
    return toExceptionalAccess(item);
  }

  override async listExceptionalAccesses(from: string, to: string, limit: number, cursor?: string): Promise<Page<ExceptionalAccess>> {
    const months: string[] = [];
    for (let m = to.slice(0, 7); m >= from.slice(0, 7); m = previousMonth(m)) months.push(m);
    let state: { month: string; key?: Item } | undefined;
    if (cursor) {
      state = verifyCursor(cursor, MEMORY_CURSOR_KEY) as typeof state;
      if (!state || typeof state.month !== 'string' || !months.includes(state.month)) throw invalidCursor();
    } else state = months.length ? { month: months[0]! } : undefined;
    const items: ExceptionalAccess[] = [];
    while (state && items.length < limit) {
      const out = this.database.query(table(), {
        index: gsi('gsi1'),
        partition: { name: 'gsi1pk', value: exceptionalAccessesOfMonth(state.month) },
        sort: { name: 'gsi1sk', between: [from, `${to}~`] },
        forward: false,
        limit: limit - items.length,
        startKey: state.key,
      });
      items.push(...out.items.map(toExceptionalAccess));
      if (out.lastKey) state = { month: state.month, key: out.lastKey };
      else {
        const next = months[months.indexOf(state.month) + 1];
        state = next ? { month: next } : undefined;
      }
    }
    return { items, nextCursor: state ? signCursor(state, MEMORY_CURSOR_KEY) : null };
  }

  /** The audit lines of a read, chained in the twin's audit table (one transaction, as few persons as tests use). */
  override async auditReads(actor: Actor, personIds: readonly string[], entry: { route: string; purpose: string }, now: Date) {
    const ids = [...new Set(personIds)];
    if (ids.length === 0) return;
    const uow = new MemoryUnitOfWork(this.database);
    for (const personId of ids) audit(uow, actor, { ...entry, personId, action: 'read' }, now);
    await uow.commit();
  }
}

/** What the DynamoDB search reads of a person (its projection expression). */
function searchHit(item: Item): PersonSearchHit {
  const createdBy = item.createdBy as { organisationId?: unknown } | undefined;
  const consents = item.consents as { networkSharing?: { given?: unknown } } | undefined;
  return {
    ...pick<PersonSearchHit>(item, ['id', 'lastName', 'firstName', 'birthDate', 'communeCode']),
    createdBy: { organisationId: createdBy?.organisationId },
    consents: { networkSharing: { given: consents?.networkSharing?.given } },
  } as PersonSearchHit;
}

/** A twin's secret for signed links (unit tests only). */
export const MEMORY_LINK_SECRET = 'memory-twin-link-secret-of-at-least-32-characters';

/**
 * Everything a unit test of intake's use cases needs: the twin database and store, the
 * dependencies (a clock the test moves, ULIDs, the twin's unit of work), seeding through the
 * store's own writes, and what was committed (events in the outbox, audit lines).
 */
export function memoryIntake(options: { now?: Date; referralExpiryDays?: number } = {}) {
  withMemoryTables(intakeService, platformService);
  const database = new MemoryDatabase();
  const repository = new MemoryIntakeRepository(database);
  let now = options.now ?? new Date('2026-03-02T09:00:00.000Z');
  const deps: IntakeUseCaseDeps = {
    repository,
    clock: { now: () => now },
    newId,
    referralExpiryDays: options.referralExpiryDays ?? 8,
    linkSecret: async () => MEMORY_LINK_SECRET,
    newUnitOfWork: () => new MemoryUnitOfWork(database),
  };
  const write = async (fn: (uow: UnitOfWork) => void) => {
    const uow = new MemoryUnitOfWork(database);
    fn(uow);
    await uow.commit();
  };
  return {
    database,
    repository,
    deps,
    /** Move the clock. */
    setNow(at: Date | string) {
      now = new Date(at);
    },
    newUnitOfWork: () => new MemoryUnitOfWork(database),
    async organisation(fields: Partial<OrganisationProjection> = {}): Promise<OrganisationProjection> {
      const organisation = { organisationId: newId(), name: 'Structure', type: 'ccas', networkMember: true, version: 1, ...fields };
      await write((uow) => repository.saveOrganisation(uow, organisation));
      return organisation;
    },
    async site(organisationId: string): Promise<SiteProjection> {
      const site = { siteId: newId(), organisationId, version: 1 };
      await write((uow) => repository.saveSite(uow, site));
      return site;
    },
    async service(organisationId: string): Promise<ServiceProjection> {
      const service = { serviceId: newId(), organisationId, version: 1 };
      await write((uow) => repository.saveService(uow, service));
      return service;
    },
    /** Store any record through the store's own writes (a person, a referral, a reception). */
    write,
    /** The events committed to the outbox, oldest first, optionally of one type. */
    events(detailType?: string): CommittedEvent[] {
      return committedEvents(database, table(), detailType);
    },
    /** A person's audit lines, in sequence. */
    auditOf(personId: string): Array<Record<string, unknown>> {
      return database.query(tableName('platform', 'audit'), {
        partition: { name: 'pk', value: `PERSON#${personId}` },
        sort: { name: 'sk', beginsWith: 'SEQ#' },
      }).items;
    },
    /** Every item of the intake table (to show nothing was written). */
    items: () => database.all(table()),
  };
}
