import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addLocalCommitBarrier } from './commit-barrier';
import { traceClient } from '../observability/tracer';

/**
 * One document client per process, created on first use (module scope in every Lambda).
 * Locally `RELAIS_DYNAMODB_ENDPOINT` points at DynamoDB Local, whose credentials only need to
 * be alphanumeric, and a transaction resolves only once DynamoDB Local has committed it
 * (`commit-barrier.ts`).
 */
let client: DynamoDBDocumentClient | undefined;

export function rawClientConfig() {
  const endpoint = process.env.RELAIS_DYNAMODB_ENDPOINT;
  return endpoint
    ? {
        endpoint,
        region: process.env.AWS_REGION ?? 'eu-west-3',
        credentials: { accessKeyId: 'relaislocal', secretAccessKey: 'relaislocal' },
        maxAttempts: 5,
      }
    : {};
}

export function ddb(): DynamoDBDocumentClient {
  if (!client) {
    const raw = traceClient(new DynamoDBClient(rawClientConfig()));
    if (process.env.RELAIS_DYNAMODB_ENDPOINT) addLocalCommitBarrier(raw);
    client = DynamoDBDocumentClient.from(raw, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return client;
}

/** Forget the client (the local stack and tests point it at another endpoint). */
export function resetDdb(): void {
  client?.destroy();
  client = undefined;
}
