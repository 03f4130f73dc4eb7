import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { ulid } from '../../../shared/ids/ulid';
import { traceIds } from '../../../shared/observability/trace-context';

export type DevOutboxChannel = 'notification' | 'webhook';

/**
 * The local stack's record of what would have left the platform (platform's local-only
 * `devoutbox` table, shown at `GET /api/dev/outbox`). Never used on AWS, where the table does
 * not exist.
 */
export async function recordInDevOutbox(channel: DevOutboxChannel, to: string, payload: Record<string, unknown>, at = new Date()) {
  const { table, item } = devOutboxEntry(channel, to, payload, at);
  await ddb().send(new PutCommand({ TableName: table, Item: item }));
}

/** The outbox entry as a write, for a caller that commits it with other writes. */
export function devOutboxEntry(
  channel: DevOutboxChannel,
  to: string,
  payload: Record<string, unknown>,
  at = new Date(),
): { table: string; item: Record<string, unknown> } {
  const id = ulid();
  const iso = at.toISOString();
  return { table: tableName('platform', 'devoutbox'), item: { channel, sk: `${iso}#${id}`, id, at: iso, to, payload, ...traceIds() } };
}
