import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, queryPage } from '../../../shared/dynamo/paging';
import { type UnitOfWork, versionCondition } from '../../../shared/dynamo/unit-of-work';
import { ConflictError } from '../../../shared/errors/errors';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import { publishInTransaction } from '../../../shared/events/outbox';
import { normalizeText } from '../../../shared/validation/text';
import type { Organisation, Site } from '../domain/directory.schema';
import type { DirectoryRepository, OrganisationFilter, SiteFilter } from '../domain/directory.ports';
import { ALL_ORGS, ALL_SITES, byName, orgKey, orgsOfType, siteKey, sitesInCommune, sitesOfOrganisation } from './keys';

const table = () => tableName('directory', 'main');

const ORG_FIELDS = [
  'id',
  'name',
  'type',
  'siret',
  'charter',
  'networkMember',
  'notification',
  'version',
  'createdAt',
  'updatedAt',
] as const;
const SITE_FIELDS = [
  'id',
  'organisationId',
  'name',
  'address',
  'communeCode',
  'location',
  'openingHours',
  'unconditionalReception',
  'themes',
  'accessibility',
  'phone',
  'email',
  'version',
  'createdAt',
  'updatedAt',
] as const;

function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) out[field] = item[field];
  return out as T;
}

const toOrganisation = (item: Record<string, unknown>) => pick<Organisation>(item, ORG_FIELDS);
const toSite = (item: Record<string, unknown>) => pick<Site>(item, SITE_FIELDS);

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

function siteItem(site: Site) {
  const sort = byName(site.name, site.id);
  return {
    ...siteKey(site.id),
    entity: 'Site',
    ...site,
    searchName: normalizeText(site.name),
    gsi1pk: ALL_SITES,
    gsi1sk: sort,
    gsi2pk: sitesInCommune(site.communeCode),
    gsi2sk: sort,
    gsi3pk: sitesOfOrganisation(site.organisationId),
    gsi3sk: sort,
  };
}

const staleVersion = () =>
  new ConflictError('Cette fiche a été modifiée entre-temps : rechargez-la puis recommencez.', [
    { path: 'body.version', message: 'Version périmée' },
  ]);
const alreadyExists = () => new ConflictError('Cette fiche existe déjà.');

/** The directory's DynamoDB store: single table, name-ordered indexes, no Scan. */
export class DynamoDirectoryRepository implements DirectoryRepository {
  async getOrganisation(id: string): Promise<Organisation | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: orgKey(id) }));
    return out.Item ? toOrganisation(out.Item) : undefined;
  }

  async getSite(id: string): Promise<Site | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: siteKey(id) }));
    return out.Item ? toSite(out.Item) : undefined;
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

  listSites(filter: SiteFilter, limit: number, cursor?: string): Promise<Page<Site>> {
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

  saveOrganisation(uow: UnitOfWork, org: Organisation, expectedVersion?: number): void {
    const condition = expectedVersion === undefined ? { expression: 'attribute_not_exists(pk)' } : versionCondition(expectedVersion);
    uow.put(table(), organisationItem(org), condition, expectedVersion === undefined ? alreadyExists : staleVersion);
  }

  saveSite(uow: UnitOfWork, site: Site, expectedVersion?: number): void {
    const condition = expectedVersion === undefined ? { expression: 'attribute_not_exists(pk)' } : versionCondition(expectedVersion);
    uow.put(table(), siteItem(site), condition, expectedVersion === undefined ? alreadyExists : staleVersion);
  }

  publish(uow: UnitOfWork, event: OutgoingEvent): void {
    publishInTransaction(uow, table(), event);
  }
}
