import { gunzipSync, gzipSync } from 'node:zlib';
import { DeleteCommand, GetCommand, QueryCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, queryPage } from '../../../shared/dynamo/paging';
import { queryAll } from '../../../shared/dynamo/query-all';
import { type UnitOfWork, versionCondition } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import { publishInTransaction } from '../../../shared/events/outbox';
import { normalizeText } from '../../../shared/validation/text';
import type { ReviewCampaign, TerritoryRecord } from '../domain/campaign';
import type { DirectoryRepository, OrganisationFilter, OriginKind, ServiceFilter, SiteFilter, SiteRecord } from '../domain/directory.ports';
import type { Coverage, NetworkEvent, Organisation, Origin, Service, Site } from '../domain/directory.schema';
import type { OpenIntervals } from '../domain/opening-hours';
import type { ReviewRequest, ReviewStatus } from '../domain/review';
import { directoryErrors } from '../errors';
import {
  ALL_CAMPAIGNS,
  ALL_ORGS,
  ALL_SERVICES,
  ALL_SITES,
  byName,
  COVERAGE_KEY,
  COVERAGE_REQUEST_KEY,
  campaignKey,
  networkEventKey,
  networkEventsOfYear,
  OPEN_REVIEWS,
  orgKey,
  orgsOfType,
  originKey,
  reviewKey,
  reviewsOfOrganisation,
  SITES_VERSION_KEY,
  serviceKey,
  servicesOfOrganisation,
  siteKey,
  sitesInCommune,
  sitesOfOrganisation,
  territoryKey,
} from './keys';

const table = () => tableName('directory', 'main');

const COMMON = ['id', 'origin', 'version', 'createdAt', 'updatedAt'] as const;
const ORG_FIELDS = [
  ...COMMON,
  'name',
  'article',
  'type',
  'siret',
  'charter',
  'networkMember',
  'notification',
  'contacts',
  'website',
  'description',
  'webhookSecretSet',
  // Without it here the choice was written but never read back: GET lost it, and the next edit of
  // any other field wrote the entry (and announced it to appointments) without it (ADR 0042).
  'appointmentBook',
] as const;
const SITE_FIELDS = [
  ...COMMON,
  'organisationId',
  'name',
  'address',
  'communeCode',
  'postalCode',
  'location',
  'locationSource',
  'openingHours',
  'unconditionalReception',
  'onPublicMap',
  'publication',
  'rejectionReason',
  'lastVerifiedAt',
  'reviewDueAt',
  'closedAt',
  'themes',
  'accessibility',
  'phone',
  'email',
  'openIntervals',
] as const;
const SERVICE_FIELDS = [
  ...COMMON,
  'organisationId',
  'siteId',
  'name',
  'description',
  'type',
  'themes',
  'publics',
  'publicsDetails',
  'receptionModes',
  'mobilisationModes',
  'mobilisableBy',
  'mobilisationLink',
  'mobilisationDetails',
  'fees',
  'feesDetails',
  'accessConditions',
  'eligibilityZone',
  'phone',
  'email',
  'contactName',
  'openingHours',
  'weeklyHours',
  'lastVerifiedAt',
  'reviewDueAt',
] as const;
const NETWORK_EVENT_FIELDS = [...COMMON, 'kind', 'title', 'date', 'description', 'communeCode', 'participants'] as const;

function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) out[field] = item[field];
  return out as T;
}

const toOrganisation = (item: Record<string, unknown>) => {
  const org = pick<Organisation>(item, ORG_FIELDS);
  // Entries written before these fields existed.
  return { ...org, contacts: org.contacts ?? [], webhookSecretSet: org.webhookSecretSet ?? false };
};
const toSite = (item: Record<string, unknown>) => {
  const site = pick<SiteRecord>(item, SITE_FIELDS);
  return { ...site, onPublicMap: site.onPublicMap ?? true, locationSource: site.locationSource ?? 'provided' };
};
const toService = (item: Record<string, unknown>) => pick<Service>(item, SERVICE_FIELDS);
const toNetworkEvent = (item: Record<string, unknown>) => pick<NetworkEvent>(item, NETWORK_EVENT_FIELDS);
const REVIEW_FIELDS = [
  'id',
  'organisationId',
  'siteIds',
  'serviceIds',
  'status',
  'sentAt',
  'expiresAt',
  'reminders',
  'answeredAt',
  'campaignId',
  'message',
  'version',
];
const CAMPAIGN_FIELDS = [
  'id',
  'territoryId',
  'territoryName',
  'organisationKind',
  'message',
  'createdAt',
  'sent',
  'alreadyAsked',
  'sites',
  'services',
  'confirmed',
  'corrected',
];
const toCampaign = (item: Record<string, unknown>) => pick<ReviewCampaign>(item, CAMPAIGN_FIELDS);
const toTerritory = (item: Record<string, unknown>) => pick<TerritoryRecord>(item, ['id', 'name', 'communeCodes', 'version']);
const toReview = (item: Record<string, unknown>) => pick<ReviewRequest>(item, REVIEW_FIELDS);

function organisationItem(org: Organisation) {
  const sort = byName(org.name, org.id);
  return {
    ...orgKey(org.id),
    entity: 'Organisation',
    ...org,
    searchName: normalizeText(org.name),
    gsi1pk: ALL_ORGS,
    gsi1sk: sort,
    gsi2pk: orgsOfType(org.type),
    gsi2sk: sort,
  };
}

function siteItem(site: Site, hours: OpenIntervals | undefined) {
  const sort = byName(site.name, site.id);
  return {
    ...siteKey(site.id),
    entity: 'Site',
    ...site,
    ...(hours ? { openIntervals: hours } : {}),
    searchName: normalizeText(site.name),
    gsi1pk: ALL_SITES,
    gsi1sk: sort,
    gsi2pk: sitesInCommune(site.communeCode),
    gsi2sk: sort,
    gsi3pk: sitesOfOrganisation(site.organisationId),
    gsi3sk: sort,
  };
}

function serviceItem(service: Service) {
  const sort = byName(service.name, service.id);
  return {
    ...serviceKey(service.id),
    entity: 'Service',
    ...service,
    gsi1pk: ALL_SERVICES,
    gsi1sk: sort,
    gsi3pk: servicesOfOrganisation(service.organisationId),
    gsi3sk: sort,
  };
}

function networkEventItem(event: NetworkEvent) {
  return {
    ...networkEventKey(event.id),
    entity: 'NetworkEvent',
    ...event,
    gsi1pk: networkEventsOfYear(Number(event.date.slice(0, 4))),
    gsi1sk: `${event.date}#${event.id}`,
  };
}

const staleVersion = () =>
  directoryErrors.error('organisation.version-conflict', { errors: [{ path: 'body.version', message: 'Version périmée' }] });
const alreadyExists = () => directoryErrors.error('record.already-exists');
const originTaken = () => directoryErrors.error('record.origin-taken');

function saveCondition(expectedVersion?: number) {
  return expectedVersion === undefined ? { expression: 'attribute_not_exists(pk)' } : versionCondition(expectedVersion);
}

/** The directory's DynamoDB store: single table, name-ordered indexes, no Scan. */
export class DynamoDirectoryRepository implements DirectoryRepository {
  /** The transactions that already move the sites' counter (SITES_VERSION_KEY). */
  private readonly countedSites = new WeakSet<UnitOfWork>();

  private async get(key: { pk: string; sk: string }, consistent = false) {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: consistent }));
    return out.Item;
  }

  async getOrganisation(id: string) {
    const item = await this.get(orgKey(id));
    return item ? toOrganisation(item) : undefined;
  }

  async getSite(id: string) {
    const item = await this.get(siteKey(id));
    return item ? toSite(item) : undefined;
  }

  async getService(id: string) {
    const item = await this.get(serviceKey(id));
    return item ? toService(item) : undefined;
  }

  async getNetworkEvent(id: string) {
    const item = await this.get(networkEventKey(id));
    return item ? toNetworkEvent(item) : undefined;
  }

  listOrganisations(filter: OrganisationFilter, limit: number, cursor?: string): Promise<Page<Organisation>> {
    const [index, pkName, pkValue] = filter.type ? ['gsi2', 'gsi2pk', orgsOfType(filter.type)] : ['gsi1', 'gsi1pk', ALL_ORGS];
    const q = filter.q ? normalizeText(filter.q) : '';
    return queryPage(
      {
        TableName: table(),
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pkName, ...(q ? { '#search': 'searchName' } : {}) },
        ExpressionAttributeValues: { ':pk': pkValue, ...(q ? { ':q': q } : {}) },
        ...(q ? { FilterExpression: 'contains(#search, :q)' } : {}),
      },
      { name: pkName, value: pkValue },
      limit,
      cursor,
      toOrganisation,
    );
  }

  listSites(filter: SiteFilter, limit: number, cursor?: string): Promise<Page<SiteRecord>> {
    const [index, pkName, pkValue] = filter.communeCode
      ? ['gsi2', 'gsi2pk', sitesInCommune(filter.communeCode)]
      : filter.organisationId
        ? ['gsi3', 'gsi3pk', sitesOfOrganisation(filter.organisationId)]
        : ['gsi1', 'gsi1pk', ALL_SITES];
    const conditions: string[] = [];
    const names: Record<string, string> = { '#pk': pkName };
    const values: Record<string, unknown> = { ':pk': pkValue };
    if (filter.theme) {
      conditions.push('contains(#themes, :theme)');
      names['#themes'] = 'themes';
      values[':theme'] = filter.theme;
    }
    if (filter.unconditional !== undefined) {
      conditions.push('#unconditional = :unconditional');
      names['#unconditional'] = 'unconditionalReception';
      values[':unconditional'] = filter.unconditional;
    }
    if (filter.organisationId && filter.communeCode) {
      conditions.push('#org = :org');
      names['#org'] = 'organisationId';
      values[':org'] = filter.organisationId;
    }
    return queryPage(
      {
        TableName: table(),
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      },
      { name: pkName, value: pkValue },
      limit,
      cursor,
      toSite,
    );
  }

  listServices(filter: ServiceFilter, limit: number, cursor?: string): Promise<Page<Service>> {
    const [index, pkName, pkValue] = filter.organisationId
      ? ['gsi3', 'gsi3pk', servicesOfOrganisation(filter.organisationId)]
      : ['gsi1', 'gsi1pk', ALL_SERVICES];
    return queryPage(
      {
        TableName: table(),
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pkName, ...(filter.theme ? { '#themes': 'themes' } : {}) },
        ExpressionAttributeValues: { ':pk': pkValue, ...(filter.theme ? { ':theme': filter.theme } : {}) },
        ...(filter.theme ? { FilterExpression: 'contains(#themes, :theme)' } : {}),
      },
      { name: pkName, value: pkValue },
      limit,
      cursor,
      toService,
    );
  }

  listNetworkEvents(year: number, limit: number, cursor?: string, kind?: string): Promise<Page<NetworkEvent>> {
    const pkValue = networkEventsOfYear(year);
    return queryPage(
      {
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi1pk', ...(kind ? { '#kind': 'kind' } : {}) },
        ExpressionAttributeValues: { ':pk': pkValue, ...(kind ? { ':kind': kind } : {}) },
        ...(kind ? { FilterExpression: '#kind = :kind' } : {}),
        ScanIndexForward: false,
      },
      { name: 'gsi1pk', value: pkValue },
      limit,
      cursor,
      toNetworkEvent,
    );
  }

  private async queryAll<T>(input: QueryCommandInput, map: (item: Record<string, unknown>) => T): Promise<T[]> {
    return (await queryAll(input)).map(map);
  }

  private allOf<T>(pk: string, map: (item: Record<string, unknown>) => T, index: 'gsi1' | 'gsi2' | 'gsi3' = 'gsi1'): Promise<T[]> {
    return this.queryAll(
      {
        TableName: table(),
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': `${index}pk` },
        ExpressionAttributeValues: { ':pk': pk },
      },
      map,
    );
  }

  organisationsOfKind(kind: string) {
    return this.allOf(orgsOfType(kind), toOrganisation, 'gsi2');
  }

  sitesOfCommune(communeCode: string) {
    return this.allOf(sitesInCommune(communeCode), toSite, 'gsi2');
  }

  sitesOfOrganisation(organisationId: string) {
    return this.allOf(sitesOfOrganisation(organisationId), toSite, 'gsi3');
  }

  servicesOfOrganisation(organisationId: string) {
    return this.allOf(servicesOfOrganisation(organisationId), toService, 'gsi3');
  }

  reviewsOfOrganisationSince(organisationId: string, since: string): Promise<ReviewRequest[]> {
    return this.queryAll(
      {
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: '#pk = :pk AND #sk >= :since',
        ExpressionAttributeNames: { '#pk': 'gsi2pk', '#sk': 'gsi2sk' },
        ExpressionAttributeValues: { ':pk': reviewsOfOrganisation(organisationId), ':since': since },
      },
      toReview,
    );
  }

  async getTerritory(id: string): Promise<TerritoryRecord | undefined> {
    const item = await this.get(territoryKey(id));
    return item ? toTerritory(item) : undefined;
  }

  saveTerritory(uow: UnitOfWork, territory: TerritoryRecord): void {
    uow.put(table(), { ...territoryKey(territory.id), entity: 'Territory', ...territory });
  }

  async getCampaign(id: string): Promise<ReviewCampaign | undefined> {
    const item = await this.get(campaignKey(id), true);
    return item ? toCampaign(item) : undefined;
  }

  async listCampaigns(limit: number): Promise<ReviewCampaign[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi1pk' },
        ExpressionAttributeValues: { ':pk': ALL_CAMPAIGNS },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(toCampaign);
  }

  saveCampaign(uow: UnitOfWork, campaign: ReviewCampaign): void {
    uow.put(
      table(),
      {
        ...campaignKey(campaign.id),
        entity: 'ReviewCampaign',
        ...campaign,
        gsi1pk: ALL_CAMPAIGNS,
        gsi1sk: `${campaign.createdAt}#${campaign.id}`,
      },
      { expression: 'attribute_not_exists(pk)' },
      alreadyExists,
    );
  }

  countCampaignSent(uow: UnitOfWork, campaignId: string): void {
    uow.add({
      Update: {
        TableName: table(),
        Key: campaignKey(campaignId),
        UpdateExpression: 'ADD #sent :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#sent': 'sent' },
        ExpressionAttributeValues: { ':one': 1 },
      },
    });
  }

  countCampaignAnswer(uow: UnitOfWork, campaignId: string, from: ReviewStatus, to: ReviewStatus): void {
    const moves: Array<[string, number]> = [];
    if (from === 'confirmed' || from === 'corrected') moves.push([from, -1]);
    if (to === 'confirmed' || to === 'corrected') moves.push([to, 1]);
    if (moves.length === 0 || from === to) return;
    uow.add({
      Update: {
        TableName: table(),
        Key: campaignKey(campaignId),
        UpdateExpression: `ADD ${moves.map((_, i) => `#c${i} :v${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(moves.map(([name], i) => [`#c${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(moves.map(([, n], i) => [`:v${i}`, n])),
      },
    });
  }

  allOrganisations() {
    return this.allOf(ALL_ORGS, toOrganisation);
  }

  allSites() {
    return this.allOf(ALL_SITES, toSite);
  }

  allServices() {
    return this.allOf(ALL_SERVICES, toService);
  }

  async getReview(id: string): Promise<ReviewRequest | undefined> {
    const item = await this.get(reviewKey(id));
    return item ? toReview(item) : undefined;
  }

  /** The requests still waiting for an answer: a query on their index, never a Scan. */
  openReviews(): Promise<ReviewRequest[]> {
    return this.allOf(OPEN_REVIEWS, toReview);
  }

  saveReview(uow: UnitOfWork, review: ReviewRequest, expectedVersion?: number): void {
    uow.put(
      table(),
      {
        ...reviewKey(review.id),
        entity: 'ReviewRequest',
        ...review,
        // Answered or expired requests leave the open index.
        ...(review.status === 'sent' ? { gsi1pk: OPEN_REVIEWS, gsi1sk: `${review.sentAt}#${review.id}` } : {}),
        // An organisation's requests by date: a campaign does not ask a partner asked in the last 7 days.
        gsi2pk: reviewsOfOrganisation(review.organisationId),
        gsi2sk: `${review.sentAt}#${review.id}`,
      },
      saveCondition(expectedVersion),
      expectedVersion === undefined ? alreadyExists : staleVersion,
    );
  }

  allNetworkEvents(year: number) {
    return this.allOf(networkEventsOfYear(year), toNetworkEvent);
  }

  async sitesVersion(): Promise<number> {
    const item = await this.get(SITES_VERSION_KEY, true);
    return typeof item?.count === 'number' ? item.count : 0;
  }

  async findByOrigin(kind: OriginKind, origin: Origin): Promise<string | undefined> {
    const item = await this.get(originKey(kind, origin.source, origin.id), true);
    return typeof item?.entityId === 'string' ? item.entityId : undefined;
  }

  private claimOrigin(uow: UnitOfWork, kind: OriginKind, origin: Origin | undefined, entityId: string) {
    if (!origin) return;
    uow.put(
      table(),
      { ...originKey(kind, origin.source, origin.id), entity: 'Origin', kind, entityId },
      { expression: 'attribute_not_exists(pk) OR entityId = :id', values: { ':id': entityId } },
      originTaken,
    );
  }

  saveOrganisation(uow: UnitOfWork, org: Organisation, expectedVersion?: number): void {
    uow.put(table(), organisationItem(org), saveCondition(expectedVersion), expectedVersion === undefined ? alreadyExists : staleVersion);
    if (expectedVersion === undefined) this.claimOrigin(uow, 'organisation', org.origin, org.id);
  }

  saveSite(uow: UnitOfWork, site: Site, hours: OpenIntervals | undefined, expectedVersion?: number): void {
    uow.put(table(), siteItem(site, hours), saveCondition(expectedVersion), expectedVersion === undefined ? alreadyExists : staleVersion);
    if (expectedVersion === undefined) this.claimOrigin(uow, 'site', site.origin, site.id);
    // One move of the counter per transaction: a transaction may not touch an item twice (a review
    // link confirming an organisation's several sites at once).
    if (this.countedSites.has(uow)) return;
    this.countedSites.add(uow);
    uow.add({
      Update: {
        TableName: table(),
        Key: SITES_VERSION_KEY,
        UpdateExpression: 'ADD #count :one',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1 },
      },
    });
  }

  saveService(uow: UnitOfWork, service: Service, expectedVersion?: number): void {
    uow.put(table(), serviceItem(service), saveCondition(expectedVersion), expectedVersion === undefined ? alreadyExists : staleVersion);
    if (expectedVersion === undefined) this.claimOrigin(uow, 'service', service.origin, service.id);
  }

  saveNetworkEvent(uow: UnitOfWork, event: NetworkEvent, expectedVersion?: number): void {
    uow.put(table(), networkEventItem(event), saveCondition(expectedVersion), expectedVersion === undefined ? alreadyExists : staleVersion);
  }

  async updateOpenIntervals(siteId: string, hours: OpenIntervals | undefined): Promise<void> {
    await ddb().send(
      new UpdateCommand({
        TableName: table(),
        Key: siteKey(siteId),
        ConditionExpression: 'attribute_exists(pk)',
        ...(hours
          ? { UpdateExpression: 'SET openIntervals = :hours', ExpressionAttributeValues: { ':hours': hours } }
          : { UpdateExpression: 'REMOVE openIntervals' }),
      }),
    );
  }

  async getCoverage(): Promise<Coverage | undefined> {
    const item = await this.get(COVERAGE_KEY);
    if (!item?.payload) return undefined;
    return JSON.parse(gunzipSync(item.payload as Uint8Array).toString('utf8')) as Coverage;
  }

  saveCoverage(uow: UnitOfWork, coverage: Coverage): void {
    // A whole département (up to ~900 communes) compressed stays far below the 400 KB item limit.
    const payload = gzipSync(Buffer.from(JSON.stringify(coverage), 'utf8'));
    uow.put(table(), { ...COVERAGE_KEY, entity: 'Coverage', computedAt: coverage.computedAt, payload });
  }

  requestCoverage(uow: UnitOfWork, at: string): void {
    uow.put(table(), { ...COVERAGE_REQUEST_KEY, entity: 'CoverageRequest', requestedAt: at });
  }

  async pendingCoverageRequest(): Promise<string | undefined> {
    const item = await this.get(COVERAGE_REQUEST_KEY, true);
    return typeof item?.requestedAt === 'string' ? item.requestedAt : undefined;
  }

  async clearCoverageRequest(requestedAt: string): Promise<void> {
    // Only the request that was served: one made during the computation stays pending.
    try {
      await ddb().send(
        new DeleteCommand({
          TableName: table(),
          Key: COVERAGE_REQUEST_KEY,
          ConditionExpression: 'requestedAt = :at',
          ExpressionAttributeValues: { ':at': requestedAt },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  publish(uow: UnitOfWork, event: OutgoingEvent): void {
    publishInTransaction(uow, table(), event);
  }
}
