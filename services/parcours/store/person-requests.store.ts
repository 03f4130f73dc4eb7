import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, queryPage } from '../../../shared/dynamo/paging';
import { queryAll } from '../../../shared/dynamo/query-all';
import { type UnitOfWork, versionCondition } from '../../../shared/dynamo/unit-of-work';
import { referentOf } from '../domain/parcours.rules';
import type { ParcoursRecord } from '../domain/parcours.schema';
import { type PersonRequest, PersonRequestSchema, type ReferentRequestRow } from '../domain/person-space.schema';
import { parcoursErrors } from '../errors';
import { parcoursPk } from './keys';

const table = () => tableName('parcours', 'main');
const PREFIX = 'PERSONREQ#';
/** The coordinator's list of requests for another référent: a sparse entry of `gsi1`, newest first. */
export const REFERENT_REQUESTS = 'REFERENTREQUESTS';
export const personRequestKey = (parcoursId: string, id: string) => ({ pk: parcoursPk(parcoursId), sk: `${PREFIX}${id}` });

const requestOf = (item: Record<string, unknown>): PersonRequest => {
  const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _g, gsi1sk: _s, personId: _p, territoryId: _t, referent: _r, ...rest } = item;
  return PersonRequestSchema.parse(rest);
};

const rowOf = (item: Record<string, unknown>): ReferentRequestRow => {
  const request = requestOf(item);
  return {
    id: request.id,
    parcoursId: request.parcoursId,
    personId: String(item.personId),
    at: request.at,
    status: request.status,
    reason: request.text ?? '',
    ...(typeof item.territoryId === 'string' ? { territoryId: item.territoryId } : {}),
    referent: item.referent as ReferentRequestRow['referent'],
    ...(request.answer ? { answer: request.answer } : {}),
  };
};

/**
 * The person's requests on her parcours (ADR 0038): items of the parcours' partition
 * (`PERSONREQ#<id>`), so that erasing the parcours erases them; a request for another référent
 * also carries a sparse `gsi1` entry (`REFERENTREQUESTS`) for the coordinator's list.
 */
export class PersonRequestsStore {
  async listOf(parcoursId: string): Promise<PersonRequest[]> {
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': parcoursPk(parcoursId), ':prefix': PREFIX },
      ConsistentRead: true,
    });
    return items.map(requestOf).reverse();
  }

  async get(parcoursId: string, id: string): Promise<PersonRequest | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: personRequestKey(parcoursId, id), ConsistentRead: true }));
    return out.Item ? requestOf(out.Item) : undefined;
  }

  /** Create (no `previous`) or replace the version read. */
  save(uow: UnitOfWork, p: ParcoursRecord, request: PersonRequest, previous?: PersonRequest): void {
    const referent = referentOf(p);
    uow.put(
      table(),
      {
        ...personRequestKey(p.id, request.id),
        entity: 'PersonRequest',
        personId: p.personId,
        ...request,
        ...(request.kind === 'referent'
          ? {
              gsi1pk: REFERENT_REQUESTS,
              gsi1sk: `${request.at}#${request.id}`,
              referent: { name: referent.name, organisationId: referent.organisationId },
              ...(p.territoryId ? { territoryId: p.territoryId } : {}),
            }
          : {}),
      },
      previous ? versionCondition(previous.version) : { expression: 'attribute_not_exists(pk)' },
      () => parcoursErrors.error(previous ? 'person-request.already-answered' : 'already-exists'),
    );
  }

  /** The coordinator's list, newest first (a status filter keeps pages of at most `limit`). */
  referentRequestsPage(status: 'pending' | 'answered' | undefined, limit: number, cursor?: string): Promise<Page<ReferentRequestRow>> {
    return queryPage(
      {
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi1pk', ...(status ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: { ':pk': REFERENT_REQUESTS, ...(status ? { ':status': status } : {}) },
        ...(status ? { FilterExpression: '#status = :status' } : {}),
        ScanIndexForward: false,
      },
      { name: 'gsi1pk', value: REFERENT_REQUESTS },
      limit,
      cursor,
      rowOf,
    );
  }
}
