import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { httpRoute } from '../../../shared/http/route-handler';
import { devOutboxRoute } from '../routes/dev-outbox.route';

const CHANNELS = ['sms', 'notification', 'webhook', 'dead-letter'] as const;

/** Local mode: what would have left the platform, newest first. */
export const handler = httpRoute(devOutboxRoute, async ({ query }) => {
  const channels = query.channel ? [query.channel] : CHANNELS;
  const items: Array<Record<string, unknown>> = [];
  for (const channel of channels) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName('platform', 'devoutbox'),
        KeyConditionExpression: 'channel = :c',
        ExpressionAttributeValues: { ':c': channel },
        ScanIndexForward: false,
        Limit: query.limit,
      }),
    );
    items.push(...(out.Items ?? []));
  }
  items.sort((a, b) => String(b.sk).localeCompare(String(a.sk)));
  // The trace ids (ADR 0020): which request or event chain the message belongs to.
  return {
    items: items.slice(0, query.limit).map(({ id, channel, at, to, payload, correlationId, causationId }) => ({
      id,
      channel,
      at,
      to,
      payload,
      correlationId,
      causationId,
    })),
  };
});
