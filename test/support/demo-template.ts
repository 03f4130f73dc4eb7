import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BatchWriteItemCommand, DeleteTableCommand, DynamoDBClient, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { ensureTables, localTables } from '../../infra/local/tables';
import { SERVICES } from '../../services/index';
import { localAccessKey } from '../../shared/dynamo/client';

/**
 * The Lot demo, loaded once per test run (global setup) into tables of this prefix by a real
 * local stack: the seeding, its events and every consumer's projection, drained. A test stack
 * that wants the demo starts from a copy of those tables instead of loading it again (nine
 * seconds of transactions and consumers per stack, thirty-odd stacks per run). The seeding
 * itself is still tested on its own (services/directory/demo/seed.int.test.ts).
 */
export const DEMO_TEMPLATE_PREFIX = 'tdemo';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** Load the demo into the template tables, in a child process (the stack sets process-wide settings). */
export function loadDemoTemplate(endpoint: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), __filename], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        RELAIS_TEST_DYNAMODB_ENDPOINT: endpoint,
        RELAIS_DYNAMODB_LOCAL_KEY: TEMPLATE_KEY,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        RELAIS_GEO_API_URL: 'off',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`The demo template was not loaded (exit ${code})`))));
  });
}

/** The template's database (DynamoDB Local keeps one per access key in a test run). */
const TEMPLATE_KEY = 'relaistemplate';

/** A client of `key`'s database; by default the test file's own (test/support/env.ts). */
function client(endpoint: string, key = localAccessKey()): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'eu-west-3',
    credentials: { accessKeyId: key, secretAccessKey: 'relaislocal' },
  });
}

/** Create the tables of `prefix` and fill them with the template's items (the API is not up yet). */
export async function copyDemoTemplate(endpoint: string, prefix: string): Promise<number> {
  const ddb = client(endpoint);
  const template = client(endpoint, TEMPLATE_KEY);
  try {
    const targets = localTables(SERVICES, prefix);
    await ensureTables(ddb, targets);
    const sources = localTables(SERVICES, DEMO_TEMPLATE_PREFIX);
    const counts = await Promise.all(
      sources.map(async (source, i) => {
        const target = targets[i]!.name;
        let copied = 0;
        let startKey: ScanCommand['input']['ExclusiveStartKey'];
        do {
          // A test's setup, not a request path: the template is read whole.
          const page = await template.send(new ScanCommand({ TableName: source.name, ExclusiveStartKey: startKey }));
          // Outbox items the demo's load already published are history no test reads: a third
          // of the template's items, and each copy would carry them into every test's tables.
          const items = (page.Items ?? []).filter((item) => !(item.publishedAt && item.detailType && !item.outboxPending));
          for (let at = 0; at < items.length; at += 25) {
            let requests: WriteRequest[] = items.slice(at, at + 25).map((Item) => ({ PutRequest: { Item } }));
            while (requests.length) {
              const out = await ddb.send(new BatchWriteItemCommand({ RequestItems: { [target]: requests } }));
              requests = out.UnprocessedItems?.[target] ?? [];
            }
          }
          copied += items.length;
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return copied;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  } finally {
    ddb.destroy();
    template.destroy();
  }
}

/** Delete these tables (a test stack's, once stopped). */
export async function deleteTables(endpoint: string, names: string[]): Promise<void> {
  const ddb = client(endpoint);
  try {
    await Promise.all(
      names.map((TableName) =>
        ddb.send(new DeleteTableCommand({ TableName })).catch((error: Error) => {
          if (error.name !== 'ResourceNotFoundException') throw error;
        }),
      ),
    );
  } finally {
    ddb.destroy();
  }
}

if (require.main === module) {
  (async () => {
    const { startLocalStack } = require('../../infra/local/stack') as typeof import('../../infra/local/stack');
    const endpoint = process.env.RELAIS_TEST_DYNAMODB_ENDPOINT ?? '';
    const stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: endpoint,
      tablePrefix: DEMO_TEMPLATE_PREFIX,
      dataDir: mkdtempSync(join(tmpdir(), 'relais-template-')),
      buildSpa: false,
      retryBaseMs: 10,
      seedDemo: true,
    });
    // The consumers' own events (projections announcing in turn) go out too.
    await stack.drain();
    await stack.drain();
    await stack.stop();
    process.exit(0);
  })().catch((error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
