import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../../shared/auth/actor';
import { auditReads } from '../../../shared/auth/audit';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, cursorKey, invalidCursor, queryPage, signCursor, verifyCursor } from '../../../shared/dynamo/paging';
import { type UnitOfWork, versionCondition } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import { publishInTransaction } from '../../../shared/events/outbox';
import type {
  DuplicateQuery,
  IntakeRepository,
  OrganisationProjection,
  OrganisationReach,
  PersonSearchHit,
  ReceptionFilter,
  ReferralFilter,
  ServiceProjection,
  SiteProjection,
} from '../domain/intake.ports';
import type { ExceptionalAccess } from '../domain/exceptional-access.schema';
import type { ParcoursMemberProjection, ParcoursProjection } from '../domain/parcours-access';
import type { Person } from '../domain/person.schema';
import type { Reception } from '../domain/reception.schema';
import { applyDeliveryResult, type DeliveryResult, type RunningReferral, runningReferral } from '../domain/deliveries';
import { type Referral, nextDueAt } from '../domain/referral.rules';
import { type AppointmentStep, appointmentsOf, type UnusedBookingLink } from '../domain/referral-appointments';
import { intakeSettings } from '../intake.settings';
import {
  DUE,
  EXCEPTIONAL_PREFIX,
  RETENTION,
  bornWithFirstName,
  bornWithLastName,
  byTime,
  exceptionalAccessKey,
  exceptionalAccessesOfMonth,
  exactNamesPrefix,
  firstLast,
  identityLinkKey,
  lastFirst,
  namePartition,
  nameSort,
  PERSON_PARCOURS_PREFIX,
  organisationAccountsKey,
  organisationChannelsKey,
  organisationKey,
  personKey,
  parcoursReaderKey,
  personParcoursKey,
  personParcoursMemberKey,
  receptionKey,
  receptionsOfOrganisation,
  receptionsOfPerson,
  receptionsOfSite,
  referralKey,
  RUNNING_REFERRALS,
  runningReferralKey,
  DELIVERY_RESULT_PREFIX,
  deliveryResultKey,
  APPOINTMENT_STEP_PREFIX,
  appointmentStepKey,
  UNUSED_BOOKING_LINK_PREFIX,
  unusedBookingLinkKey,
  referralsFrom,
  referralsOfPerson,
  referralsTo,
  referredToKey,
  serviceKey,
  siteKey,
  sitesOfOrganisation,
} from './keys';
import { intakeErrors } from '../errors';
import { writeSignInContacts } from './sign-in.store';

export const table = () => tableName('intake', 'main');

/** The `sub` of her FranceConnect identity link among the items of her partition (none, or one). */
export function franceConnectSubsOf(personId: string, partition: ReadonlyArray<{ sk: string; sub?: unknown }>): string[] {
  const linkSk = identityLinkKey(personId).sk;
  return partition.flatMap((item) => (item.sk === linkSk && typeof item.sub === 'string' && item.sub ? [item.sub] : []));
}

/** A person's history lists at most this many receptions and referrals (newest first). */
export const HISTORY_LIMIT = 500;

const PERSON_FIELDS = [
  'id',
  'lastName',
  'firstName',
  'birthDate',
  'communeCode',
  'phone',
  'email',
  'consents',
  'contactRefused',
  'createdBy',
  'createdAt',
  'updatedAt',
  'version',
] as const;
const RECEPTION_FIELDS = [
  'id',
  'siteId',
  'organisationId',
  'channel',
  'personId',
  'anonymous',
  'themes',
  'summary',
  'informationGiven',
  'summaryVisibleToPerson',
  'receivedAt',
  'durationMinutes',
  'recordedBy',
  'createdAt',
  'status',
  'version',
  'history',
] as const;
const REFERRAL_FIELDS = [
  'id',
  'status',
  'fromOrganisationId',
  'fromSiteId',
  'toOrganisationId',
  'serviceId',
  'personId',
  'receptionId',
  'themes',
  'reason',
  'urgency',
  'liaisonNote',
  'sentAt',
  'reminderAt',
  'reminderSentAt',
  'acceptedAt',
  'offlineChannel',
  'deliveries',
  'senderContact',
  'history',
  'version',
  'updatedAt',
] as const;

/** The reach of an organisation from its two items (channels, accounts), either absent. */
export function reachOf(items: Array<Record<string, unknown>>): OrganisationReach {
  const channels = items.find((i) => i.sk === 'CHANNELS');
  return {
    channels: { email: channels?.email === true, sms: channels?.sms === true, webhook: channels?.webhook === true },
    ...(typeof channels?.version === 'number' ? { channelsVersion: channels.version } : {}),
    accounts: items.some((i) => i.sk === 'ACCOUNTS'),
  };
}

export function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) out[field] = item[field];
  return out as T;
}

export const PARCOURS_FIELDS = [
  'parcoursId',
  'personId',
  'status',
  'openedAt',
  'closedAt',
  'referentUserId',
  'referentOrganisationId',
  'territoryId',
  'referentSince',
] as const;
export const PARCOURS_MEMBER_FIELDS = [
  'parcoursId',
  'personId',
  'memberId',
  'userId',
  'organisationId',
  'role',
  'addedAt',
  'removedAt',
] as const;

export const toPerson = (item: Record<string, unknown>) => pick<Person>(item, PERSON_FIELDS);
export const toReception = (item: Record<string, unknown>) => pick<Reception>(item, RECEPTION_FIELDS);
// `expiresAt` is the table's TTL attribute (epoch seconds, kernel records): a referral's
// deadline is stored as `answerBy` so that it can never be mistaken for one.
export const toReferral = (item: Record<string, unknown>) => ({
  ...pick<Referral>(item, REFERRAL_FIELDS),
  expiresAt: item.answerBy as string,
});

const EXCEPTIONAL_FIELDS = ['id', 'personId', 'grantedTo', 'reason', 'details', 'grantedAt', 'grantedUntil'] as const;
export const toOrganisation = (item: Record<string, unknown>) =>
  pick<OrganisationProjection>(item, ['organisationId', 'name', 'article', 'type', 'networkMember', 'version']);
export const SITE_PROJECTION_FIELDS = [
  'siteId',
  'organisationId',
  'name',
  'address',
  'postalCode',
  'communeCode',
  'phone',
  'openingHours',
  'version',
] as const;
export const toSite = (item: Record<string, unknown>) => pick<SiteProjection>(item, SITE_PROJECTION_FIELDS);
export const toService = (item: Record<string, unknown>) =>
  pick<ServiceProjection>(item, ['serviceId', 'organisationId', 'siteId', 'version']);
export const toExceptionalAccess = (item: Record<string, unknown>) => pick<ExceptionalAccess>(item, EXCEPTIONAL_FIELDS);

/** `YYYY-MM` of the month before. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** When a person's data is to be erased if nothing happens before (rule 6), as the `due` index sorts it. */
export function retentionDue(personId: string, lastActivityAt: string): string {
  const days = intakeSettings().RELAIS_PERSON_RETENTION_DAYS;
  return byTime(new Date(Date.parse(lastActivityAt) + days * 86_400_000).toISOString(), personId);
}

/** The stored item of a person (also used by the search benchmark to load persons in bulk). */
export function personItem(person: Person) {
  const byLast = lastFirst(person.lastName, person.firstName);
  const byFirst = firstLast(person.lastName, person.firstName);
  return {
    ...personKey(person.id),
    entity: 'Person',
    ...person,
    // Every write of the record is activity: the erasure date moves with it.
    lastActivityAt: person.updatedAt,
    duePk: RETENTION,
    dueAt: retentionDue(person.id, person.updatedAt),
    gsi1pk: namePartition(byLast),
    gsi1sk: nameSort(byLast, person.birthDate, person.id),
    gsi2pk: namePartition(byFirst),
    gsi2sk: nameSort(byFirst, person.birthDate, person.id),
    ...(person.birthDate
      ? {
          gsi3pk: bornWithFirstName(person.birthDate, person.firstName),
          gsi3sk: person.id,
          gsi4pk: bornWithLastName(person.birthDate, person.lastName),
          gsi4sk: person.id,
        }
      : {}),
  };
}

export function receptionItem(reception: Reception) {
  const sort = byTime(reception.receivedAt, reception.id);
  return {
    ...receptionKey(reception.id),
    entity: 'Reception',
    ...reception,
    gsi1pk: receptionsOfSite(reception.siteId),
    gsi1sk: sort,
    gsi2pk: receptionsOfOrganisation(reception.organisationId),
    gsi2sk: sort,
    ...(reception.personId ? { gsi3pk: receptionsOfPerson(reception.personId), gsi3sk: sort } : {}),
  };
}

export function toRunningReferral(item: Record<string, unknown>): RunningReferral {
  return {
    ...pick<RunningReferral>(item, [
      'referralId',
      'toOrganisationId',
      'fromOrganisationId',
      'fromSiteId',
      'status',
      'sentAt',
      'expiresAt',
      'offlineChannel',
    ]),
    failedChannels: (item.failedChannels as string[] | undefined) ?? [],
  };
}

/** The referral item of a partition, with its delivery results applied (ADR 0034). */
export function referralWithResults(items: ReadonlyArray<Record<string, unknown>>): Referral | undefined {
  const item = items.find((i) => i.sk === 'REFERRAL');
  if (!item) return undefined;
  const referral = toReferral(item);
  let deliveries = referral.deliveries ?? [];
  for (const result of items.filter((i) => String(i.sk).startsWith(DELIVERY_RESULT_PREFIX))) {
    deliveries = applyDeliveryResult(deliveries, result as unknown as DeliveryResult) ?? deliveries;
  }
  const steps = items.filter((i) => String(i.sk).startsWith(APPOINTMENT_STEP_PREFIX)) as unknown as AppointmentStep[];
  const unused = items
    .filter((i) => String(i.sk).startsWith(UNUSED_BOOKING_LINK_PREFIX))
    .map((i) => ({ siteId: String(i.siteId), issuedAt: String(i.issuedAt), expiresAt: String(i.expiresAt) }))
    .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
  return {
    ...referral,
    deliveries,
    ...(steps.length ? { appointments: appointmentsOf(steps) } : {}),
    ...(unused.length ? { unusedBookingLinks: unused } : {}),
  };
}

export function referralItem(referral: Referral) {
  const { expiresAt, ...rest } = referral;
  const sort = byTime(referral.sentAt, referral.id);
  const due = nextDueAt(referral);
  return {
    ...referralKey(referral.id),
    entity: 'Referral',
    ...rest,
    answerBy: expiresAt,
    gsi1pk: referralsTo(referral.toOrganisationId),
    gsi1sk: sort,
    gsi2pk: referralsFrom(referral.fromOrganisationId),
    gsi2sk: sort,
    ...(referral.personId ? { gsi3pk: referralsOfPerson(referral.personId), gsi3sk: sort } : {}),
    // Sparse: only unanswered referrals are in the `due` index, by their next deadline.
    ...(due ? { duePk: DUE, dueAt: byTime(due, referral.id) } : {}),
  };
}

const staleVersion = () =>
  intakeErrors.error('person.version-conflict', { errors: [{ path: 'body.version', message: 'Version périmée' }] });
const staleReferral = () => intakeErrors.error('referral.changed');
const alreadyExists = () => intakeErrors.error('record.already-exists');

function saveCondition(expectedVersion?: number) {
  return expectedVersion === undefined ? { expression: 'attribute_not_exists(pk)' } : versionCondition(expectedVersion);
}

/** A projection is replaced only by a newer version of what the directory announced. */
const newerProjection = (version: number) => ({
  expression: 'attribute_not_exists(pk) OR #version < :version',
  names: { '#version': 'version' },
  values: { ':version': version },
});

/** Search reads only what a result shows and the access decision needs (smaller items, faster pages). */
export const SEARCH_PROJECTION_NAMES = {
  '#id': 'id',
  '#lastName': 'lastName',
  '#firstName': 'firstName',
  '#birth': 'birthDate',
  '#commune': 'communeCode',
  '#createdBy': 'createdBy',
  '#org': 'organisationId',
  '#consents': 'consents',
  '#sharing': 'networkSharing',
  '#given': 'given',
};
const SEARCH_PROJECTION = '#id, #lastName, #firstName, #birth, #commune, #createdBy.#org, #consents.#sharing.#given';

interface SearchCursor {
  q: string;
  phase: 1 | 2;
  key?: Record<string, unknown>;
}

function decodeSearchCursor(cursor: string, q: string, key: Buffer): SearchCursor {
  const state = verifyCursor(cursor, key) as SearchCursor | null;
  if (state && typeof state === 'object' && state.q === q && (state.phase === 1 || state.phase === 2)) return state;
  throw invalidCursor();
}

/** The intake's DynamoDB store: single table, indexes for every list, no Scan. */
export class DynamoIntakeRepository implements IntakeRepository {
  private async get(key: { pk: string; sk: string }, consistent = false) {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: consistent }));
    return out.Item;
  }

  private async batchGet(keys: Array<{ pk: string; sk: string }>): Promise<Record<string, unknown>[]> {
    const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Array<Record<string, unknown>> | undefined = unique.slice(i, i + 100);
      for (let attempt = 0; pending?.length && attempt < 8; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const res: BatchGetCommandOutput = await ddb().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: pending } } }));
        out.push(...(res.Responses?.[table()] ?? []));
        pending = res.UnprocessedKeys?.[table()]?.Keys;
      }
      if (pending?.length) throw new Error('BatchGet left unprocessed keys');
    }
    return out;
  }

  private async queryAll<T>(
    input: QueryCommandInput,
    map: (item: Record<string, unknown>) => T,
    max = Number.POSITIVE_INFINITY,
  ): Promise<T[]> {
    const out: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await ddb().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) out.push(map(item));
      start = page.LastEvaluatedKey;
    } while (start && out.length < max);
    return out.slice(0, max);
  }

  private byPartition(index: string, value: string, extra: Partial<QueryCommandInput> = {}): QueryCommandInput {
    return {
      TableName: table(),
      IndexName: index,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': `${index}pk` },
      ExpressionAttributeValues: { ':pk': value },
      ...extra,
    };
  }

  // Persons -----------------------------------------------------------------------------------

  async getPerson(id: string) {
    const item = await this.get(personKey(id));
    return item ? toPerson(item) : undefined;
  }

  async getPersons(ids: readonly string[]) {
    const items = await this.batchGet(ids.map(personKey));
    return new Map(items.map((item) => [item.id as string, toPerson(item)]));
  }

  savePerson(uow: UnitOfWork, person: Person, expectedVersion?: number): void {
    uow.put(table(), personItem(person), saveCondition(expectedVersion), expectedVersion === undefined ? alreadyExists : staleVersion);
    // Her phone and e-mail as « Mon espace » finds them (ADR 0036), in the same transaction.
    writeSignInContacts(uow, table(), person);
  }

  async findPossibleDuplicates(query: DuplicateQuery): Promise<Person[]> {
    const prefix = exactNamesPrefix(query.lastName, query.firstName);
    const lookups = [
      this.queryAll(
        {
          TableName: table(),
          IndexName: 'gsi1',
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
          ExpressionAttributeValues: { ':pk': namePartition(prefix), ':prefix': prefix },
        },
        toPerson,
        200,
      ),
    ];
    if (query.birthDate) {
      lookups.push(this.queryAll(this.byPartition('gsi3', bornWithFirstName(query.birthDate, query.firstName)), toPerson, 200));
      lookups.push(this.queryAll(this.byPartition('gsi4', bornWithLastName(query.birthDate, query.lastName)), toPerson, 200));
    }
    const found = (await Promise.all(lookups)).flat();
    return [...new Map(found.map((p) => [p.id, p])).values()];
  }

  /**
   * Phase 1 reads the last-name index (`<last> <first>` keys), phase 2 the first-name index
   * (`<first> <last>`) leaving out those phase 1 already gave. Both are `begins_with` on one
   * partition: the first two characters of `q`. The cursor says which phase and where.
   */
  async searchPersons(q: string, birthDate: string | undefined, limit: number, cursor?: string): Promise<Page<PersonSearchHit>> {
    const items: PersonSearchHit[] = [];
    let state: SearchCursor | undefined = cursor ? decodeSearchCursor(cursor, q, await cursorKey()) : { q, phase: 1 };
    while (state && items.length < limit) {
      const index: string = state.phase === 1 ? 'gsi1' : 'gsi2';
      const filters: string[] = [];
      const names: Record<string, string> = { '#pk': `${index}pk`, '#sk': `${index}sk`, ...SEARCH_PROJECTION_NAMES };
      const values: Record<string, unknown> = { ':pk': namePartition(q), ':q': q };
      if (birthDate) {
        filters.push('#birthDate = :birthDate');
        names['#birthDate'] = 'birthDate';
        values[':birthDate'] = birthDate;
      }
      if (state.phase === 2) {
        filters.push('NOT begins_with(#byLast, :q)');
        names['#byLast'] = 'gsi1sk';
      }
      const out: QueryCommandOutput = await ddb().send(
        new QueryCommand({
          TableName: table(),
          IndexName: index,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :q)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ProjectionExpression: SEARCH_PROJECTION,
          Limit: limit - items.length,
          ExclusiveStartKey: state.key,
        }),
      );
      for (const item of out.Items ?? []) items.push(item as PersonSearchHit);
      if (out.LastEvaluatedKey) state = { q, phase: state.phase, key: out.LastEvaluatedKey };
      else state = state.phase === 1 ? { q, phase: 2 } : undefined;
    }
    return { items, nextCursor: state ? signCursor(state, await cursorKey()) : null };
  }

  async referredTo(personId: string, organisationId: string): Promise<boolean> {
    return (await this.get(referredToKey(personId, organisationId))) !== undefined;
  }

  async referredToMany(personIds: readonly string[], organisationId: string): Promise<Set<string>> {
    const items = await this.batchGet(personIds.map((id) => referredToKey(id, organisationId)));
    return new Set(items.map((item) => item.personId as string));
  }

  recordReferredTo(uow: UnitOfWork, personId: string, organisationId: string, referralId: string, at: string): void {
    uow.put(table(), { ...referredToKey(personId, organisationId), entity: 'ReferredTo', personId, organisationId, referralId, at });
  }

  // Receptions --------------------------------------------------------------------------------

  async getReception(id: string) {
    const item = await this.get(receptionKey(id));
    return item ? toReception(item) : undefined;
  }

  saveReception(uow: UnitOfWork, reception: Reception): void {
    uow.put(table(), receptionItem(reception), saveCondition(), alreadyExists);
  }

  /** Replace the reception as read at `expectedVersion` (records older than corrections have none: version 1). */
  updateReception(uow: UnitOfWork, reception: Reception, expectedVersion: number): void {
    uow.put(
      table(),
      receptionItem(reception),
      {
        expression:
          expectedVersion === 1
            ? 'attribute_exists(pk) AND (attribute_not_exists(#version) OR #version = :v)'
            : 'attribute_exists(pk) AND #version = :v',
        names: { '#version': 'version' },
        values: { ':v': expectedVersion },
      },
      () => intakeErrors.error('reception.version-conflict', { errors: [{ path: 'body.version', message: 'Version périmée' }] }),
    );
  }

  listReceptions(filter: ReceptionFilter, limit: number, cursor?: string): Promise<Page<Reception>> {
    const [index, value] = filter.siteId
      ? ['gsi1', receptionsOfSite(filter.siteId)]
      : ['gsi2', receptionsOfOrganisation(filter.organisationId)];
    const names: Record<string, string> = { '#pk': `${index}pk` };
    const values: Record<string, unknown> = { ':pk': value };
    let range = '';
    // `~` sorts after `#<id>`: an instant bound includes every reception at that instant.
    if (filter.from && filter.to) {
      range = ' AND #sk BETWEEN :from AND :to';
      values[':from'] = filter.from;
      values[':to'] = `${filter.to}~`;
    } else if (filter.from) {
      range = ' AND #sk >= :from';
      values[':from'] = filter.from;
    } else if (filter.to) {
      range = ' AND #sk <= :to';
      values[':to'] = `${filter.to}~`;
    }
    if (range) names['#sk'] = `${index}sk`;
    return queryPage(
      {
        TableName: table(),
        IndexName: index,
        KeyConditionExpression: `#pk = :pk${range}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      { name: `${index}pk`, value },
      limit,
      cursor,
      toReception,
    );
  }

  receptionsOfPerson(personId: string): Promise<Reception[]> {
    return this.queryAll(this.byPartition('gsi3', receptionsOfPerson(personId), { ScanIndexForward: false }), toReception, HISTORY_LIMIT);
  }

  // Referrals ---------------------------------------------------------------------------------

  /** The referral with the delivery results reported since its last write (ADR 0034), in one query of its partition. */
  async getReferral(id: string, consistent = false) {
    const items = await this.queryAll(
      {
        TableName: table(),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': referralKey(id).pk },
        ConsistentRead: consistent,
      },
      (item) => item,
    );
    return referralWithResults(items);
  }

  /**
   * A delivery result, kept beside the referral rather than in it: a result never races with a
   * person's answer (no version moves), and the referral's readers merge it. The running
   * referral's item follows at once, so the coordinator counts a failure.
   */
  saveDeliveryResult(uow: UnitOfWork, referral: Referral, result: DeliveryResult): void {
    uow.put(table(), { ...deliveryResultKey(referral.id, result.channel, result.requestedAt), entity: 'DeliveryResult', ...result });
    const running = runningReferral(referral);
    if (running) uow.put(table(), { ...runningReferralKey(referral.toOrganisationId, referral.id), entity: 'RunningReferral', ...running });
  }

  /**
   * A step of one of the referral's appointments (ADR 0039), beside the referral: no version
   * moves (an answer at the same moment is never refused), and the same step twice is one item.
   */
  saveAppointmentStep(uow: UnitOfWork, referralId: string, step: AppointmentStep): void {
    const { pk, sk } = appointmentStepKey(referralId, step.appointmentId, step.status);
    uow.put(table(), { pk, sk, entity: 'AppointmentStep', ...step });
  }

  /** A self-booking link the person let expire (ADR 0039), beside the referral: the same link twice is one item. */
  saveUnusedBookingLink(uow: UnitOfWork, referralId: string, link: UnusedBookingLink): void {
    uow.put(table(), { ...unusedBookingLinkKey(referralId, link.issuedAt), entity: 'UnusedBookingLink', ...link });
  }

  saveReferral(uow: UnitOfWork, referral: Referral, expectedVersion?: number): void {
    uow.put(table(), referralItem(referral), saveCondition(expectedVersion), expectedVersion === undefined ? alreadyExists : staleReferral);
    const running = runningReferral(referral);
    const key = runningReferralKey(referral.toOrganisationId, referral.id);
    if (running) uow.put(table(), { ...key, entity: 'RunningReferral', ...running });
    else uow.add({ Delete: { TableName: table(), Key: key } });
  }

  runningReferrals(): Promise<RunningReferral[]> {
    return this.queryAll(
      {
        TableName: table(),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': RUNNING_REFERRALS },
      },
      toRunningReferral,
    );
  }

  listReferrals(filter: ReferralFilter, limit: number, cursor?: string): Promise<Page<Referral>> {
    const [index, value] =
      filter.box === 'incoming' ? ['gsi1', referralsTo(filter.organisationId)] : ['gsi2', referralsFrom(filter.organisationId)];
    return queryPage(
      {
        ...this.byPartition(index, value, { ScanIndexForward: false }),
        ...(filter.status
          ? {
              ExpressionAttributeNames: { '#pk': `${index}pk`, '#status': 'status' },
              ExpressionAttributeValues: { ':pk': value, ':status': filter.status },
              FilterExpression: '#status = :status',
            }
          : {}),
      },
      { name: `${index}pk`, value },
      limit,
      cursor,
      toReferral,
    );
  }

  referralsOfPerson(personId: string): Promise<Referral[]> {
    return this.queryAll(this.byPartition('gsi3', referralsOfPerson(personId), { ScanIndexForward: false }), toReferral, HISTORY_LIMIT);
  }

  // Retention (rule 6) --------------------------------------------------------------------------

  /** Activity about a person (a reception, a referral…): her erasure date moves on. Nothing if she was erased. */
  touchPerson(uow: UnitOfWork, personId: string, at: string): void {
    uow.add({
      Update: {
        TableName: table(),
        Key: personKey(personId),
        UpdateExpression: 'SET lastActivityAt = :at, duePk = :r, dueAt = :due',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at, ':r': RETENTION, ':due': retentionDue(personId, at) },
      },
    });
  }

  /** Persons whose erasure date has passed, oldest first. */
  async personsDueForErasure(now: string, limit: number): Promise<Array<{ personId: string; lastActivityAt: string }>> {
    return this.queryAll(
      {
        TableName: table(),
        IndexName: 'due',
        KeyConditionExpression: '#pk = :pk AND #sk <= :now',
        ExpressionAttributeNames: { '#pk': 'duePk', '#sk': 'dueAt' },
        ExpressionAttributeValues: { ':pk': RETENTION, ':now': `${now}~` },
      },
      (item) => ({ personId: String(item.id), lastActivityAt: String(item.lastActivityAt ?? item.updatedAt) }),
      limit,
    );
  }

  /** Every reception and referral of a person, and every item of her partition (no page limit). */
  async everythingOfPerson(personId: string) {
    const [receptions, referrals, partition] = await Promise.all([
      this.queryAll(this.byPartition('gsi3', receptionsOfPerson(personId)), toReception),
      this.queryAll(this.byPartition('gsi3', referralsOfPerson(personId)), toReferral),
      this.queryAll(
        {
          TableName: table(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': personKey(personId).pk },
          // Her identity link's `sub` names its index entry, outside her partition.
          ProjectionExpression: 'pk, sk, #sub',
          ExpressionAttributeNames: { '#sub': 'sub' },
        },
        (item) => ({ pk: String(item.pk), sk: String(item.sk), sub: item.sub }),
      ),
    ]);
    return {
      receptions,
      referrals,
      partition: partition.map(({ pk, sk }) => ({ pk, sk })),
      franceConnectSubs: franceConnectSubsOf(personId, partition),
    };
  }

  /** Rewrite a reception as kept after an erasure (the caller removed what identifies the person). */
  replaceReception(uow: UnitOfWork, reception: Reception): void {
    uow.put(table(), receptionItem(reception), { expression: 'attribute_exists(pk)' });
  }

  deletePersonIfInactiveSince(uow: UnitOfWork, personId: string, lastActivityAt: string): void {
    uow.add({
      Delete: {
        TableName: table(),
        Key: personKey(personId),
        ConditionExpression: 'lastActivityAt = :seen',
        ExpressionAttributeValues: { ':seen': lastActivityAt },
      },
    });
  }

  deleteItem(uow: UnitOfWork, key: { pk: string; sk: string }): void {
    uow.add({ Delete: { TableName: table(), Key: key } });
  }

  dueReferrals(now: string, limit: number): Promise<Referral[]> {
    return this.queryAll(
      {
        TableName: table(),
        IndexName: 'due',
        KeyConditionExpression: '#pk = :pk AND #sk <= :now',
        ExpressionAttributeNames: { '#pk': 'duePk', '#sk': 'dueAt' },
        ExpressionAttributeValues: { ':pk': DUE, ':now': `${now}~` },
      },
      toReferral,
      limit,
    );
  }

  // Projections of the directory --------------------------------------------------------------

  async getOrganisation(id: string) {
    const item = await this.get(organisationKey(id));
    return item ? toOrganisation(item) : undefined;
  }

  async getOrganisations(ids: readonly string[]) {
    const items = await this.batchGet(ids.map(organisationKey));
    return new Map(
      items.map((item) => [
        item.organisationId as string,
        pick<OrganisationProjection>(item, ['organisationId', 'name', 'article', 'type', 'networkMember', 'version']),
      ]),
    );
  }

  async getSite(id: string) {
    const item = await this.get(siteKey(id));
    return item ? toSite(item) : undefined;
  }

  async getService(id: string) {
    const item = await this.get(serviceKey(id));
    return item ? toService(item) : undefined;
  }

  saveOrganisation(uow: UnitOfWork, organisation: OrganisationProjection): void {
    uow.put(
      table(),
      { ...organisationKey(organisation.organisationId), entity: 'OrganisationProjection', ...organisation },
      newerProjection(organisation.version),
    );
  }

  saveSite(uow: UnitOfWork, site: SiteProjection): void {
    // `gsi1`: the sites of an organisation (the person's notice looks for the place she is sent to).
    uow.put(
      table(),
      { ...siteKey(site.siteId), entity: 'SiteProjection', ...site, gsi1pk: sitesOfOrganisation(site.organisationId), gsi1sk: site.siteId },
      newerProjection(site.version),
    );
  }

  saveService(uow: UnitOfWork, service: ServiceProjection): void {
    uow.put(table(), { ...serviceKey(service.serviceId), entity: 'ServiceProjection', ...service }, newerProjection(service.version));
  }

  async getReach(organisationId: string): Promise<OrganisationReach> {
    const items = await this.batchGet([organisationChannelsKey(organisationId), organisationAccountsKey(organisationId)]);
    return reachOf(items);
  }

  saveChannels(uow: UnitOfWork, organisationId: string, channels: OrganisationReach['channels'], version: number): void {
    uow.put(
      table(),
      { ...organisationChannelsKey(organisationId), entity: 'OrganisationChannels', organisationId, ...channels, version },
      newerProjection(version),
    );
  }

  markAccounts(uow: UnitOfWork, organisationId: string, at: string): void {
    uow.put(table(), { ...organisationAccountsKey(organisationId), entity: 'OrganisationAccounts', organisationId, seenAt: at });
  }

  // Parcours of a person (from the parcours service's events) ------------------------------------

  async parcoursOfPerson(personId: string) {
    const items = await this.queryAll(
      {
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': personKey(personId).pk, ':prefix': PERSON_PARCOURS_PREFIX },
      },
      (item) => item,
    );
    return {
      parcours: items.filter((i) => i.entity === 'ParcoursProjection').map((i) => pick<ParcoursProjection>(i, PARCOURS_FIELDS)),
      members: items
        .filter((i) => i.entity === 'ParcoursMemberProjection')
        .map((i) => pick<ParcoursMemberProjection>(i, PARCOURS_MEMBER_FIELDS)),
    };
  }

  async getParcoursProjection(personId: string, parcoursId: string) {
    const item = await this.get(personParcoursKey(personId, parcoursId), true);
    return item ? pick<ParcoursProjection>(item, PARCOURS_FIELDS) : undefined;
  }

  saveParcoursProjection(uow: UnitOfWork, parcours: ParcoursProjection): void {
    uow.put(table(), { ...personParcoursKey(parcours.personId, parcours.parcoursId), entity: 'ParcoursProjection', ...parcours });
  }

  setParcoursReader(uow: UnitOfWork, personId: string, userId: string, reader: boolean): void {
    if (reader) uow.put(table(), { ...parcoursReaderKey(personId, userId), entity: 'ParcoursReader', personId, userId });
    else uow.add({ Delete: { TableName: table(), Key: parcoursReaderKey(personId, userId) } });
  }

  async parcoursReaderOf(personIds: readonly string[], userId: string): Promise<Set<string>> {
    const items = await this.batchGet(personIds.map((id) => parcoursReaderKey(id, userId)));
    return new Set(items.map((item) => item.personId as string));
  }

  async getParcoursMember(personId: string, parcoursId: string, memberId: string) {
    const item = await this.get(personParcoursMemberKey(personId, parcoursId, memberId), true);
    return item ? pick<ParcoursMemberProjection>(item, PARCOURS_MEMBER_FIELDS) : undefined;
  }

  saveParcoursMember(uow: UnitOfWork, member: ParcoursMemberProjection): void {
    uow.put(table(), {
      ...personParcoursMemberKey(member.personId, member.parcoursId, member.memberId),
      entity: 'ParcoursMemberProjection',
      ...member,
    });
  }

  publish(uow: UnitOfWork, event: OutgoingEvent): void {
    publishInTransaction(uow, table(), event);
  }

  // Exceptional accesses (break-glass, ADR 0016) ------------------------------------------------

  saveExceptionalAccess(uow: UnitOfWork, grant: ExceptionalAccess): void {
    uow.put(
      table(),
      {
        ...exceptionalAccessKey(grant.personId, grant.grantedTo.userId, grant.grantedAt, grant.id),
        entity: 'ExceptionalAccess',
        ...grant,
        gsi1pk: exceptionalAccessesOfMonth(grant.grantedAt.slice(0, 7)),
        gsi1sk: byTime(grant.grantedAt, grant.id),
      },
      { expression: 'attribute_not_exists(pk)' },
      alreadyExists,
    );
  }

  async activeExceptionalAccess(personId: string, userId: string, now: string): Promise<ExceptionalAccess | undefined> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': personKey(personId).pk, ':prefix': `${EXCEPTIONAL_PREFIX}${userId}#` },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    if (!item || String(item.grantedUntil) <= now) return undefined;
    return toExceptionalAccess(item);
  }

  /**
   * Newest first across the months from `to` back to `from`: one `gsi1` partition per month
   * (a few Query calls, never a Scan). The cursor says which month and where in it.
   */
  async listExceptionalAccesses(from: string, to: string, limit: number, cursor?: string): Promise<Page<ExceptionalAccess>> {
    const months: string[] = [];
    for (let m = to.slice(0, 7); m >= from.slice(0, 7); m = previousMonth(m)) months.push(m);
    let state: { month: string; key?: Record<string, unknown> } | undefined;
    if (cursor) {
      state = verifyCursor(cursor, await cursorKey()) as typeof state;
      if (!state || typeof state.month !== 'string' || !months.includes(state.month)) throw invalidCursor();
    } else state = months.length ? { month: months[0]! } : undefined;
    const items: ExceptionalAccess[] = [];
    while (state && items.length < limit) {
      const out: QueryCommandOutput = await ddb().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'gsi1',
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
          ExpressionAttributeValues: { ':pk': exceptionalAccessesOfMonth(state.month), ':from': from, ':to': `${to}~` },
          ScanIndexForward: false,
          Limit: limit - items.length,
          ExclusiveStartKey: state.key,
        }),
      );
      for (const item of out.Items ?? []) items.push(toExceptionalAccess(item));
      if (out.LastEvaluatedKey) state = { month: state.month, key: out.LastEvaluatedKey };
      else {
        const next = months[months.indexOf(state.month) + 1];
        state = next ? { month: next } : undefined;
      }
    }
    return { items, nextCursor: state ? signCursor(state, await cursorKey()) : null };
  }

  async auditReads(actor: Actor, personIds: readonly string[], entry: { route: string; purpose: string }, now: Date): Promise<void> {
    const ids = [...new Set(personIds)];
    if (ids.length === 0) return;
    await auditReads(
      actor,
      ids.map((personId) => ({ ...entry, personId, action: 'read' as const })),
      now,
    );
  }
}
