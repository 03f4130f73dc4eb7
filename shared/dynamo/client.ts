import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traceClient } from '../observability/tracer';
import { addLocalCommitBarrier } from './commit-barrier';

/**
 * One document client per process, created on first use (module scope in every Lambda).
 * Locally `RELAIS_DYNAMODB_ENDPOINT` points at DynamoDB Local, whose credentials only need to
 * be alphanumeric, and a transaction resolves only once DynamoDB Local has committed it
 * (`commit-barrier.ts`).
 */
let client: DynamoDBDocumentClient | undefined;

/**
 * The key DynamoDB Local is sent (`RELAIS_DYNAMODB_LOCAL_KEY`, default `relaislocal`). With
 * `-sharedDb` (the local stack) every key reads the same tables; without it (the test run) each key
 * has a database of its own, so each test file gets a fresh one (test/support/env.ts).
 */
export function localAccessKey(): string {
  return process.env.RELAIS_DYNAMODB_LOCAL_KEY || 'relaislocal';
}

export function rawClientConfig() {
  const endpoint = process.env.RELAIS_DYNAMODB_ENDPOINT;
  return endpoint
    ? {
        endpoint,
        region: process.env.AWS_REGION ?? 'eu-west-3',
        credentials: { accessKeyId: localAccessKey(), secretAccessKey: 'relaislocal' },
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
