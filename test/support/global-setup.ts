import { DEMO_TEMPLATE_PREFIX, loadDemoTemplate } from './demo-template';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';

/**
 * One DynamoDB Local (the real emulator, in memory) for the whole run; each test file creates
 * its own tables under a unique prefix. Its endpoint reaches the workers through the
 * environment.
 */
export default async function globalSetup(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.AWS_REGION ??= 'eu-west-3';
  const dynamo = await startDynamoDbLocal({});
  process.env.RELAIS_TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  // The Lot demo once, for every test stack to copy (test/support/demo-template.ts).
  await loadDemoTemplate(dynamo.endpoint);
  process.env.RELAIS_TEST_DEMO_TEMPLATE = DEMO_TEMPLATE_PREFIX;
  (globalThis as { __relaisDynamo?: typeof dynamo }).__relaisDynamo = dynamo;
}
