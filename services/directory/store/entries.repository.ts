import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type UnitOfWork, versionCondition } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import { publishInTransaction } from '../../../shared/events/outbox';
import { normalizeText } from '../../../shared/validation/text';
import type { DirectoryEntries, OriginKind, SiteRecord } from '../domain/directory.ports';
import type { Organisation, Origin, Service, Site } from '../domain/directory.schema';
import type { OpenIntervals } from '../domain/opening-hours';
import { directoryErrors } from '../errors';
import {
  ALL_ORGS,
  ALL_SERVICES,
  ALL_SITES,
  byName,
  orgKey,
  orgsOfType,
  originKey,
  SITES_VERSION_KEY,
  serviceKey,
  servicesOfOrganisation,
  siteKey,
  sitesInCommune,
  sitesOfOrganisation,
} from './keys';

// The entries of the directory's table: an organisation, a site, a service read or written one at
// a time, with their origin claims and their events. The functions that only read and write
// entries take this store alone (handlers/entry-deps.ts): class methods are never tree-shaken, so
// it holds no list and imports no signed cursor (shared/dynamo/paging.ts, and the link secret
// under it). The whole store, directory.repository.ts, extends it.

export const table = () => tableName('directory', 'main');

export const COMMON = ['id', 'origin', 'version', 'createdAt', 'updatedAt'] as const;
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

export function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) out[field] = item[field];
  return out as T;
}

export const toOrganisation = (item: Record<string, unknown>) => {
  const org = pick<Organisation>(item, ORG_FIELDS);
  // Entries written before these fields existed.
  return { ...org, contacts: org.contacts ?? [], webhookSecretSet: org.webhookSecretSet ?? false };
};
export const toSite = (item: Record<string, unknown>) => {
  const site = pick<SiteRecord>(item, SITE_FIELDS);
  return { ...site, onPublicMap: site.onPublicMap ?? true, locationSource: site.locationSource ?? 'provided' };
};
export const toService = (item: Record<string, unknown>) => pick<Service>(item, SERVICE_FIELDS);

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

export const staleVersion = () =>
  directoryErrors.error('organisation.version-conflict', { errors: [{ path: 'body.version', message: 'Version périmée' }] });
export const alreadyExists = () => directoryErrors.error('record.already-exists');
const originTaken = () => directoryErrors.error('record.origin-taken');

export function saveCondition(expectedVersion?: number) {
  return expectedVersion === undefined ? { expression: 'attribute_not_exists(pk)' } : versionCondition(expectedVersion);
}

/** The entries of the directory's DynamoDB store: one item read or written at a time, no query. */
export class DynamoDirectoryEntries implements DirectoryEntries {
  /** The transactions that already move the sites' counter (SITES_VERSION_KEY). */
  private readonly countedSites = new WeakSet<UnitOfWork>();

  protected async get(key: { pk: string; sk: string }, consistent = false) {
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

  publish(uow: UnitOfWork, event: OutgoingEvent): void {
    publishInTransaction(uow, table(), event);
  }
}
