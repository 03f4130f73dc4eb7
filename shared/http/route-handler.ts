import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config/settings';
import { ddb } from '../dynamo/client';
import { UnitOfWork } from '../dynamo/unit-of-work';
import { type IdempotencyRecord, makeHttpRoute } from './route-core';

export * from './route-core';

/**
 * The route kernel on DynamoDB (`route-core.ts` says what a route gets): each request's writes
 * commit in one transaction (`UnitOfWork`), and the `Idempotency-Key` answers are kept in the
 * service's `main` table.
 */
export const httpRoute = makeHttpRoute({
  unitOfWork: () => new UnitOfWork(),
  async idempotencyRecord(service, pk) {
    const out = await ddb().send(
      new GetCommand({ TableName: tableName(service, 'main'), Key: { pk, sk: 'IDEMPOTENCY' }, ConsistentRead: true }),
    );
    return out.Item as IdempotencyRecord | undefined;
  },
});
