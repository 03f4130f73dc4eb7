/**
 * How durable is DynamoDB Local under `kill -9`? Bounded experiment, localhost only:
 *
 *   npx tsx scripts/dynamodb-kill-test.ts [rounds=10] [maxSeconds=150] [--no-barrier] [flags…]
 *
 * Each round starts DynamoDB Local on a temporary `-dbPath` (with the flags the local stack
 * uses, plus any given), runs concurrent writers (PutItem and two-item TransactWriteItems, as
 * the handlers' units of work do), SIGKILLs the Java after 1–3 s, restarts it on the same
 * files, and reads back every write that had been acknowledged. It prints the acknowledged
 * writes, the lost ones and how long before the kill each lost one was acknowledged. The
 * writers' client has the local stack's commit barrier (`shared/dynamo/commit-barrier.ts`)
 * unless `--no-barrier`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchGetItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { isAlive, startDynamoDbLocal } from '../infra/local/dynamodb-local';
import { addLocalCommitBarrier } from '../shared/dynamo/commit-barrier';

const rounds = Number(process.argv[2] ?? 10);
const maxSeconds = Number(process.argv[3] ?? 150);
const barrier = !process.argv.includes('--no-barrier');
const extraFlags = process.argv.slice(4).filter((a) => a !== '--no-barrier');
const WRITERS = 8;
const TABLE = 'killtest';

const clientFor = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'relaislocal', secretAccessKey: 'relaislocal' },
    maxAttempts: 1,
  });

async function main(): Promise<void> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'relais-killtest-'));
  let acknowledged = 0;
  const lost: Array<{ round: number; id: string; msBeforeKill: number }> = [];
  let done = 0;
  try {
    for (let round = 1; round <= rounds && Date.now() - started < maxSeconds * 1000; round++) {
      const dbPath = join(dir, `db${round}`);
      const db = await startDynamoDbLocal({ dbPath, extraArgs: extraFlags });
      const client = clientFor(db.endpoint);
      if (barrier) addLocalCommitBarrier(client);
      await client.send(
        new CreateTableCommand({
          TableName: TABLE,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      const acked = new Map<string, number>();
      let stop = false;
      let seq = 0;
      const writer = async (w: number) => {
        while (!stop) {
          const n = ++seq;
          const id = `w${w}-${n}`;
          try {
            if (n % 2 === 0) {
              await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: id }, v: { N: String(n) } } }));
              acked.set(id, Date.now());
            } else {
              await client.send(
                new TransactWriteItemsCommand({
                  TransactItems: [
                    {
                      Put: {
                        TableName: TABLE,
                        Item: { pk: { S: id }, v: { N: String(n) } },
                        ConditionExpression: 'attribute_not_exists(pk)',
                      },
                    },
                    { Put: { TableName: TABLE, Item: { pk: { S: `${id}-outbox` }, v: { N: String(n) } } } },
                  ],
                }),
              );
              const at = Date.now();
              acked.set(id, at);
              acked.set(`${id}-outbox`, at);
            }
          } catch {
            // refused or cut by the kill: not acknowledged, not counted
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
      const killedAt = Date.now();
      if (db.pid) process.kill(db.pid, 'SIGKILL');
      stop = true;
      await Promise.all(writers);
      client.destroy();
      while (db.pid && isAlive(db.pid)) await new Promise((r) => setTimeout(r, 20));

      const again = await startDynamoDbLocal({ dbPath, extraArgs: extraFlags });
      const reader = clientFor(again.endpoint);
      const ids = [...acked.keys()];
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += 100) {
        const out = await reader.send(
          new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: ids.slice(i, i + 100).map((id) => ({ pk: { S: id } })) } } }),
        );
        for (const item of out.Responses?.[TABLE] ?? []) found.add(String(item.pk?.S));
      }
      const missing = ids.filter((id) => !found.has(id));
      for (const id of missing) lost.push({ round, id, msBeforeKill: killedAt - (acked.get(id) ?? killedAt) });
      acknowledged += ids.length;
      done = round;
      console.log(`round ${round}: ${ids.length} acknowledged, ${missing.length} lost`);
      reader.destroy();
      await again.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    JSON.stringify({
      rounds: done,
      barrier,
      flags: extraFlags,
      acknowledged,
      lost: lost.length,
      lostDetail: lost.slice(0, 20),
      seconds: (Date.now() - started) / 1000,
    }),
  );
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
