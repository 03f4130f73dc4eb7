import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';

export type DevOutboxChannel = 'notification' | 'webhook';

/**
 * The local stack's record of what would have left the platform (platform's local-only
 * `devoutbox` table, shown at `GET /api/dev/outbox`). Never used on AWS, where the table does
 * not exist.
 */
export async function recordInDevOutbox(channel: DevOutboxChannel, to: string, payload: Record<string, unknown>, at = new Date()) {
  const id = ulid();
  const iso = at.toISOString();
  await ddb().send(
    new PutCommand({
      TableName: tableName('platform', 'devoutbox'),
      Item: { channel, sk: `${iso}#${id}`, id, at: iso, to, payload },
    }),
  );
}
