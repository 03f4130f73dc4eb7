import { randomBytes } from 'node:crypto';

// Tests run on Node 20 (the Lambdas on 22): the SDK's reminder about that is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// Tests never depend on the network: the State's geo API is asked only where a test says so.
process.env.RELAIS_GEO_API_URL ??= 'off';
// Each test file has a database of its own in its worker's DynamoDB Local: its own access key
// (the emulator runs without -sharedDb, test/support/global-setup.ts).
process.env.RELAIS_DYNAMODB_LOCAL_KEY = `f${randomBytes(6).toString('hex')}`;
// Each worker has its own DynamoDB Local (test/support/global-setup.ts).
{
  const endpoints = (process.env.RELAIS_TEST_DYNAMODB_ENDPOINTS ?? '').split(',').filter(Boolean);
  const worker = Number(process.env.JEST_WORKER_ID ?? 1);
  if (endpoints.length > 0) process.env.RELAIS_TEST_DYNAMODB_ENDPOINT = endpoints[(worker - 1) % endpoints.length];
}
