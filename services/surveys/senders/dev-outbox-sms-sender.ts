import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { ulid } from '../../../shared/ids/ulid';
import { traceIds } from '../../../shared/observability/trace-context';
import type { SmsSender } from '../domain/surveys.ports';

/**
 * Local mode: the SMS is "sent" into the platform's development outbox (channel `sms`, shown at
 * `GET /api/dev/outbox?channel=sms`). Never used on AWS, where that table does not exist.
 */
export class DevOutboxSmsSender implements SmsSender {
  async send(to: string, text: string, ref: { surveyId?: string; kind: string }): Promise<void> {
    const id = ulid();
    const at = new Date().toISOString();
    await ddb().send(
      new PutCommand({
        TableName: tableName('platform', 'devoutbox'),
        Item: {
          channel: 'sms',
          sk: `${at}#${id}`,
          id,
          at,
          to,
          payload: { text, kind: ref.kind, ...(ref.surveyId ? { surveyId: ref.surveyId } : {}) },
          ...traceIds(),
        },
      }),
    );
  }
}
