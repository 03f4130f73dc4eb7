import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ddb } from './client';

/**
 * Every item a Query finds, page after page (DynamoDB answers at most 1 MB at a time): for the
 * partitions a repository reads whole (a parcours and its entries, a site's slots of a week, the
 * territories…). Lists shown to people are paged with signed cursors instead (`paging.ts`).
 */
export async function queryAll(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) items.push(item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
