import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { queryAll } from '../../../shared/dynamo/query-all';
import { directoryErrors } from '../errors';
import { type CommuneCache, departementOfCommune } from '../geo/commune-code';
import type { CommuneRef, LocationSource } from '../geo/geo.types';

const table = () => tableName('directory', 'main');

/** The communes of a département: one partition, sorted by code. */
export const communesOf = (departement: string) => `COMMUNES#${departement}`;
export const communeKey = (code: string) => ({ pk: communesOf(departementOfCommune(code)), sk: code });

/** BatchWriteItem takes at most 25 puts per call. */
const BATCH_SIZE = 25;
/** Attempts for the puts DynamoDB leaves unprocessed (throttling), with exponential backoff. */
const MAX_BATCH_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 50;

const LOCATION_SOURCES = new Set<LocationSource>(['file', 'cache', 'geo-api', 'amazon-location']);

function communeItem(ref: CommuneRef) {
  return {
    ...communeKey(ref.code),
    entity: 'Commune',
    code: ref.code,
    name: ref.name,
    departement: ref.departement,
    population: ref.population,
    postalCodes: ref.postalCodes,
    lon: ref.location?.lon,
    lat: ref.location?.lat,
    locationSource: ref.location ? ref.locationSource : undefined,
  };
}

function toCommune(item: Record<string, unknown>): CommuneRef {
  const ref: CommuneRef = {
    code: String(item.code),
    name: String(item.name ?? ''),
    departement: String(item.departement ?? ''),
    population: typeof item.population === 'number' ? item.population : 0,
    postalCodes: Array.isArray(item.postalCodes) ? item.postalCodes.map(String) : [],
  };
  if (typeof item.lon === 'number' && typeof item.lat === 'number') {
    ref.location = { lon: item.lon, lat: item.lat };
    if (LOCATION_SOURCES.has(item.locationSource as LocationSource)) ref.locationSource = item.locationSource as LocationSource;
  }
  return ref;
}

/**
 * The commune reference's cache in the directory's table: `pk = COMMUNES#<département>`,
 * `sk = <code>`. Read by partition (Query, never Scan) or by key.
 */
export class DynamoCommuneCache implements CommuneCache {
  async list(departement: string): Promise<CommuneRef[]> {
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': communesOf(departement) },
    });
    return items.map(toCommune);
  }

  async get(code: string): Promise<CommuneRef | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: communeKey(code) }));
    return out.Item ? toCommune(out.Item) : undefined;
  }

  async save(refs: CommuneRef[]): Promise<void> {
    // One put per code (a batch may not hold the same key twice); the last one wins.
    const items = [...new Map(refs.map((r) => [r.code, communeItem(r)])).values()];
    for (let i = 0; i < items.length; i += BATCH_SIZE) {
      await this.writeBatch(items.slice(i, i + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } })));
    }
  }

  private async writeBatch(requests: Array<{ PutRequest: { Item: Record<string, unknown> } }>): Promise<void> {
    let pending = requests;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS) {
        throw directoryErrors.error('communes.store-overloaded');
      }
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, BASE_BACKOFF_MS * 2 ** (attempt - 2)));
      const name = table();
      const out = await ddb().send(new BatchWriteCommand({ RequestItems: { [name]: pending } }));
      pending = (out.UnprocessedItems?.[name] ?? []) as typeof pending;
    }
  }
}
