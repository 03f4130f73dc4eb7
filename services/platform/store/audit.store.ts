import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { AUDIT_ENTRY_PREFIX, AUDIT_HEAD_SK, auditPartition, chainPendingReadsOf, entryOfItem } from '../../../shared/auth/audit';
import type { ChainedEntry, ChainHead } from '../../../shared/auth/audit-chain';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { type Page, queryPage } from '../../../shared/dynamo/paging';
import { queryAll } from '../../../shared/dynamo/query-all';

const table = () => tableName('platform', 'audit');

/**
 * Reading the audit log back: only the platform's audit routes may (their functions alone have
 * Query on the table, see infra/service-stack.ts). One person's partition at a time, never a Scan.
 */
export class AuditStore {
  /**
   * Chain at once the person's lines still pending (reads of many persons, ADR 0016): the log
   * read or verified right after a search already holds it.
   */
  async chainPending(personId: string): Promise<void> {
    await chainPendingReadsOf(personId);
  }

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

  /**
   * Every entry of a person in sequence order, and her head. A consistent snapshot of a person's chain: the head is read before and after the entries,
   * and the reading starts again when an audit line landed meanwhile (an entry and its head move
   * in one transaction, so an unchanged head means nothing was appended in between). Without
   * this, a read audited while the chain is verified would look like a missing entry.
   */
  async chainOf(personId: string): Promise<{ entries: ChainedEntry[]; head?: ChainHead }> {
    const pk = auditPartition(personId);
    const headNow = async (): Promise<ChainHead | undefined> => {
      const out = await ddb().send(new GetCommand({ TableName: table(), Key: { pk, sk: AUDIT_HEAD_SK }, ConsistentRead: true }));
      return out.Item ? { seq: Number(out.Item.seq), hash: String(out.Item.hash) } : undefined;
    };
    for (let attempt = 0; ; attempt++) {
      const before = await headNow();
      const entries: ChainedEntry[] = [];
      const items = await queryAll({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': AUDIT_ENTRY_PREFIX },
        ConsistentRead: true,
      });
      for (const item of items) entries.push(entryOfItem(item));
      const after = await headNow();
      const stable = before?.seq === after?.seq && before?.hash === after?.hash;
      if (stable || attempt >= 4) return { entries, ...(after ? { head: after } : {}) };
    }
  }
}
