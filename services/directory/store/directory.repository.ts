import { gunzipSync, gzipSync } from 'node:zlib';
import { DeleteCommand, QueryCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, queryPage } from '../../../shared/dynamo/paging';
import { queryAll } from '../../../shared/dynamo/query-all';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { normalizeText } from '../../../shared/validation/text';
import type { ReviewCampaign, TerritoryRecord } from '../domain/campaign';
import type { DirectoryRepository, OrganisationFilter, ServiceFilter, SiteFilter, SiteRecord } from '../domain/directory.ports';
import type { Coverage, NetworkEvent, Organisation, Service } from '../domain/directory.schema';
import type { OpenIntervals } from '../domain/opening-hours';
import type { ReviewRequest, ReviewStatus } from '../domain/review';
import {
  alreadyExists,
  COMMON,
  DynamoDirectoryEntries,
  pick,
  saveCondition,
  staleVersion,
  table,
  toOrganisation,
  toService,
  toSite,
} from './entries.repository';
import {
  ALL_CAMPAIGNS,
  ALL_ORGS,
  ALL_SERVICES,
  ALL_SITES,
  COVERAGE_KEY,
  COVERAGE_REQUEST_KEY,
  campaignKey,
  networkEventKey,
  networkEventsOfYear,
  OPEN_REVIEWS,
  orgsOfType,
  reviewKey,
  reviewsOfOrganisation,
  SITES_VERSION_KEY,
  servicesOfOrganisation,
  siteKey,
  sitesInCommune,
  sitesOfOrganisation,
  territoryKey,
} from './keys';

const NETWORK_EVENT_FIELDS = [...COMMON, 'kind', 'title', 'date', 'description', 'communeCode', 'participants'] as const;

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

function networkEventItem(event: NetworkEvent) {
  return {
    ...networkEventKey(event.id),
    entity: 'NetworkEvent',
    ...event,
    gsi1pk: networkEventsOfYear(Number(event.date.slice(0, 4))),
    gsi1sk: `${event.date}#${event.id}`,
  };
}

/**
 * The directory's DynamoDB store: single table, name-ordered indexes, no Scan. The entries' reads
 * and writes are those of DynamoDirectoryEntries (entries.repository.ts); the lists, the signed
 * cursors, the reviews, campaigns, territories, coverage and network events are here.
 */
export class DynamoDirectoryRepository extends DynamoDirectoryEntries implements DirectoryRepository {
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
}
