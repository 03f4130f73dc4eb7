import type { Config } from 'jest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { DEMO_TEMPLATE_PREFIX, loadDemoTemplate } from './demo-template';

/**
 * One DynamoDB Local (the real emulator, in memory) per jest worker, each with the Lot demo
 * loaded once; each test file creates its own tables under a unique prefix. DynamoDB Local runs
 * every request on one SQLite thread: a single one shared by both workers was the run's
 * bottleneck. The endpoints reach the workers through the environment; each test file takes
 * its worker's (test/support/env.ts).
 */
/**
 * Without -sharedDb, DynamoDB Local keeps one database per access key, and each test file sends
 * its own key (test/support/env.ts): a fresh database per file. In one shared database every
 * table created and deleted left DynamoDB Local slower: writing the same 1,000 items into fresh
 * tables took 1.4 s, then 3.0 s after nine create-and-delete rounds, and a full run does about sixty
 * per emulator (DynamoDB Local's CPU per file grew three- to fivefold over a run). With a key per
 * round: 1.0 s every time.
 *
 * The emulators' JVM for a test run: the serial collector (G1's concurrent threads compete with
 * the run on CI's two CPUs) and the quick compiler only (the optimising one kept compiling through
 * a run of short files). Eight integration files one after the other: DynamoDB Local's CPU
 * 49.2 s by default, 39.9 s with these, the same tests passing. The product's own DynamoDB Local
 * (`npm start`) and the benchmarks keep the JVM's defaults.
 */
const TEST_JVM = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

export default async function globalSetup(globalConfig: Config): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.AWS_REGION ??= 'eu-west-3';
  const workers = Math.min(Math.max(Number(globalConfig.maxWorkers) || 1, 1), 4);
  const dynamos: DynamoDbLocal[] = await Promise.all(
    Array.from({ length: workers }, () => startDynamoDbLocal({ jvmArgs: TEST_JVM, sharedDb: false })),
  );
  (globalThis as { __relaisDynamos?: DynamoDbLocal[] }).__relaisDynamos = dynamos;
  // The Lot demo once per DynamoDB Local, for every test stack to copy (test/support/demo-template.ts).
  await Promise.all(dynamos.map((d) => loadDemoTemplate(d.endpoint)));
  process.env.RELAIS_TEST_DYNAMODB_ENDPOINTS = dynamos.map((d) => d.endpoint).join(',');
  process.env.RELAIS_TEST_DYNAMODB_PIDS = dynamos.map((d) => d.pid ?? 0).join(',');
  process.env.RELAIS_TEST_DYNAMODB_ENDPOINT = dynamos[0]!.endpoint;
  process.env.RELAIS_TEST_DEMO_TEMPLATE = DEMO_TEMPLATE_PREFIX;
}
