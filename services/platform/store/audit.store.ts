import { GetCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { AUDIT_ENTRY_PREFIX, AUDIT_HEAD_SK, auditPartition, entryOfItem } from '../../../shared/auth/audit';
import type { ChainHead, ChainedEntry } from '../../../shared/auth/audit-chain';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, queryPage } from '../../../shared/dynamo/paging';

const table = () => tableName('platform', 'audit');

/**
 * Reading the audit log back: only the platform's audit routes may (their functions alone have
 * Query on the table, see infra/service-stack.ts). One person's partition at a time, never a Scan.
 */
export class AuditStore {
  /** A person's entries, newest first. */
  entriesPage(personId: string, limit: number, cursor?: string): Promise<Page<ChainedEntry>> {
    const pk = auditPartition(personId);
    return queryPage(
      {
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': AUDIT_ENTRY_PREFIX },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      { name: 'pk', value: pk },
      limit,
      cursor,
      entryOfItem,
    );
  }

  /** Every entry of a person in sequence order, and her head. */
  async chainOf(personId: string): Promise<{ entries: ChainedEntry[]; head?: ChainHead }> {
    const pk = auditPartition(personId);
    const entries: ChainedEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out: QueryCommandOutput = await ddb().send(
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': AUDIT_ENTRY_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) entries.push(entryOfItem(item));
      start = out.LastEvaluatedKey;
    } while (start);
    const head = await ddb().send(new GetCommand({ TableName: table(), Key: { pk, sk: AUDIT_HEAD_SK }, ConsistentRead: true }));
    return { entries, ...(head.Item ? { head: { seq: Number(head.Item.seq), hash: String(head.Item.hash) } } : {}) };
  }
}
