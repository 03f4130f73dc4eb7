import type { DynamoDBStreamEvent } from 'aws-lambda';
import { eventPublisher } from './publisher';
import { type StreamRecordLike, outboxItemsFromStream, relayOutboxItems, tableFromStreamArn } from './relay';

/**
 * On a table's stream: publish the new outbox items. A failure throws, so the records are
 * retried (Lambda's stream retries on AWS, the poller's next round locally).
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<void> => {
  const records = (event.Records ?? []) as StreamRecordLike[];
  if (records.length === 0) return;
  const table = tableFromStreamArn(records[0]?.eventSourceARN);
  await relayOutboxItems(table, outboxItemsFromStream(records), eventPublisher());
};
