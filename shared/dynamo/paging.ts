import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../errors/errors';
import { ddb } from './client';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, partition: { name: string; value: string }): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    // A cursor only continues the query it came from: its partition must match.
    if (key && typeof key === 'object' && key[partition.name] === partition.value) return key;
  } catch {
    // fall through
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'Curseur de pagination invalide' }]);
}

/**
 * Query one partition page by page. With a filter, DynamoDB may return short pages: we keep
 * reading until the page is full or the partition ends, so `limit` means what the caller
 * expects.
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  partition: { name: string; value: string },
  limit: number,
  cursor: string | undefined,
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const items: T[] = [];
  let startKey = cursor ? decodeCursor(cursor, partition) : undefined;
  for (;;) {
    const out = await ddb().send(new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: startKey }));
    for (const item of out.Items ?? []) items.push(map(item));
    startKey = out.LastEvaluatedKey;
    if (!startKey || items.length >= limit) break;
  }
  return { items, nextCursor: startKey ? encodeCursor(startKey) : null };
}
