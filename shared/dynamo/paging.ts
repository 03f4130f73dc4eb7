import { createHmac, timingSafeEqual } from 'node:crypto';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { loadLinkSecret } from '../auth/link-secret';
import { kernelErrors } from '../errors/catalogue';
import type { ValidationError } from '../errors/errors';
import { ddb } from './client';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Pagination cursors are opaque to clients but carry where a query stopped (a DynamoDB key):
 * `<payload>.<signature>`, both base64url, the signature an HMAC-SHA256 of the payload with a
 * key of the platform. A cursor changed, cut or made by hand is refused (400 `query.cursor`),
 * so nobody steers a query to keys of their choosing. The key is derived from the link secret
 * (shared/auth/secrets.ts), under a label of its own so that no cursor is ever a valid link.
 */
const CURSOR_KEY_LABEL = 'relais/pagination-cursor/v1';

const derivedKeys = new Map<string, Buffer>();

/** The cursor key of a platform secret (pure, synchronous: tests and callers that hold the secret). */
export function cursorKeyFrom(secret: string): Buffer {
  let key = derivedKeys.get(secret);
  if (!key) {
    key = createHmac('sha256', secret).update(CURSOR_KEY_LABEL).digest();
    derivedKeys.set(secret, key);
  }
  return key;
}

/** The platform's cursor key (Secrets Manager on AWS, read once per process; the local stack's secret locally). */
export async function cursorKey(): Promise<Buffer> {
  return cursorKeyFrom(await loadLinkSecret());
}

export const invalidCursor = (): ValidationError =>
  kernelErrors.error('invalid-cursor', {
    errors: [{ path: 'query.cursor', message: 'Curseur de pagination invalide ou modifié : reprenez la liste depuis le début' }],
  });

const signature = (payload: string, key: Buffer) => createHmac('sha256', key).update(payload).digest('base64url');

/** Any JSON value as a signed cursor. */
export function signCursor(state: unknown, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
  return `${payload}.${signature(payload, key)}`;
}

/** The value of a cursor this platform signed, or a 400 `query.cursor` (tampered, truncated, foreign). */
export function verifyCursor(cursor: string, key: Buffer): unknown {
  const [payload, given, extra] = cursor.split('.');
  if (!payload || !given || extra !== undefined) throw invalidCursor();
  const expected = Buffer.from(signature(payload, key));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw invalidCursor();
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
}

function decodeCursor(cursor: string, key: Buffer, partition: { name: string; value: string }): Record<string, unknown> {
  const value = verifyCursor(cursor, key) as Record<string, unknown> | null;
  // A cursor only continues the query it came from: its partition must match.
  if (value && typeof value === 'object' && !Array.isArray(value) && value[partition.name] === partition.value) return value;
  throw invalidCursor();
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
  let startKey = cursor ? decodeCursor(cursor, await cursorKey(), partition) : undefined;
  for (;;) {
    const out = await ddb().send(new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: startKey }));
    for (const item of out.Items ?? []) items.push(map(item));
    startKey = out.LastEvaluatedKey;
    if (!startKey || items.length >= limit) break;
  }
  return { items, nextCursor: startKey ? signCursor(startKey, await cursorKey()) : null };
}
