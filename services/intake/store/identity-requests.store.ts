import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, queryPage } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { type IdentityRequest, IdentityRequestSchema } from '../domain/person-details.schema';
import { intakeErrors } from '../errors';

const table = () => tableName('intake', 'main');
/** An identity request not decided within 90 days lapses (its items go by TTL): she may ask again. */
const REQUEST_TTL_SECONDS = 90 * 24 * 3600;

export const identityRequestKey = (id: string) => ({ pk: `IDREQ#${id}`, sk: 'IDREQ' });
/** Her pending request, under her own partition: at most one, and erased with her. */
export const pendingIdentityRequestKey = (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'IDREQ#PENDING' });
/** The recording organisation's list of pending requests, oldest first. */
export const identityRequestsOf = (organisationId: string) => `IDREQS#${organisationId}`;
const listKey = (r: IdentityRequest) => ({ pk: identityRequestsOf(r.organisationId), sk: `${r.at}#${r.id}` });

const requestOf = (item: Record<string, unknown>): IdentityRequest => {
  const { pk: _pk, sk: _sk, expiresAt: _e, entity: _n, ...rest } = item;
  return IdentityRequestSchema.parse(rest);
};

/** Identity changes the person asked for (ADR 0038): her pending one, the organisation's list, each request. */
export class IdentityRequestsStore {
  async get(id: string): Promise<IdentityRequest | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: identityRequestKey(id), ConsistentRead: true }));
    return out.Item ? requestOf(out.Item) : undefined;
  }

  async pendingOf(personId: string): Promise<IdentityRequest | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: pendingIdentityRequestKey(personId), ConsistentRead: true }));
    if (!out.Item || (typeof out.Item.expiresAt === 'number' && out.Item.expiresAt * 1000 < Date.now())) return undefined;
    return this.get(String(out.Item.requestId));
  }

  /** A new request: the record, the organisation's line, her pending mark (one at a time: 409). */
  add(uow: UnitOfWork, request: IdentityRequest, now: Date): void {
    const expiresAt = Math.floor(now.getTime() / 1000) + REQUEST_TTL_SECONDS;
    uow.put(
      table(),
      { ...identityRequestKey(request.id), entity: 'IdentityRequest', ...request, expiresAt },
      { expression: 'attribute_not_exists(pk)' },
    );
    uow.put(table(), { ...listKey(request), entity: 'IdentityRequestLine', ...request, expiresAt });
    uow.put(
      table(),
      { ...pendingIdentityRequestKey(request.personId), entity: 'IdentityRequestPending', requestId: request.id, expiresAt },
      { expression: 'attribute_not_exists(pk) OR expiresAt < :now', values: { ':now': Math.floor(now.getTime() / 1000) } },
      () => intakeErrors.error('identity-request.pending'),
    );
  }

  /** Decided: the record keeps the decision (only if still pending), the line and her mark go. */
  decide(uow: UnitOfWork, previous: IdentityRequest, next: IdentityRequest, now: Date): void {
    uow.put(
      table(),
      {
        ...identityRequestKey(next.id),
        entity: 'IdentityRequest',
        ...next,
        expiresAt: Math.floor(now.getTime() / 1000) + REQUEST_TTL_SECONDS,
      },
      { expression: '#status = :pending', names: { '#status': 'status' }, values: { ':pending': 'pending' } },
      () => intakeErrors.error('identity-request.decided'),
    );
    uow.add({ Delete: { TableName: table(), Key: listKey(previous) } });
    uow.add({ Delete: { TableName: table(), Key: pendingIdentityRequestKey(previous.personId) } });
  }

  pageOf(organisationId: string, limit: number, cursor?: string): Promise<Page<IdentityRequest>> {
    const pk = identityRequestsOf(organisationId);
    return queryPage(
      { TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true },
      { name: 'pk', value: pk },
      limit,
      cursor,
      requestOf,
    );
  }
}
