/**
 * Write path under load (issue 19, point 4): `POST /api/receptions` by 50 concurrent agents for
 * 3 minutes through the whole local stack (HTTP, JWT, zod, the transaction with its outbox item,
 * the stream poller, the bus and every consumer of `ReceptionRecorded` running in this process),
 * against a raw `PutItem` of an item of the same size on the same DynamoDB Local, interleaved by
 * the same 50 workers so both see the same load. Targets: 0 errors, 0 dead letters once the
 * stack has drained, p99 ≤ 4 × the raw PutItem p99.
 *
 * `BENCH_WRITE_AGENTS` (default 50) and `BENCH_WRITE_SECONDS` (default 180) change the load;
 * `BENCH_WRITE_DRAIN_SECONDS` (default 300) bounds the wait for the events those writes raised:
 * what is still unpublished then is reported as a failed row, and the bench goes on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack } from '../../infra/local/stack';
import { DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { OUTBOX_INDEX, OUTBOX_PENDING_ATTR } from '../../shared/events/outbox';
import { apiClient } from '../support/local-stack';

export interface WriteLoadRow {
  name: string;
  count: number;
  errors: number;
  p50ms: number;
  p99ms: number;
  ratioP99: number | null;
  target: string;
  ok: boolean | null;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

/** The outbox tables of the running stack (the local stack names them in RELAIS_OUTBOX_TABLES). */
const outboxTables = () => (process.env.RELAIS_OUTBOX_TABLES ?? '').split(',').filter(Boolean);

/** Events written and not yet published, over every outbox (a count on the outbox index). */
async function pendingEvents(tables: string[]): Promise<number> {
  let total = 0;
  for (const table of tables) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await ddb().send(
        new QueryCommand({
          TableName: table,
          IndexName: OUTBOX_INDEX,
          KeyConditionExpression: '#p = :p',
          ExpressionAttributeNames: { '#p': OUTBOX_PENDING_ATTR },
          ExpressionAttributeValues: { ':p': 'PENDING' },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      total += out.Count ?? 0;
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }
  return total;
}

async function timed(fn: () => Promise<boolean>): Promise<{ ms: number; ok: boolean }> {
  const start = process.hrtime.bigint();
  let ok = false;
  try {
    ok = await fn();
  } catch {
    ok = false;
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, ok };
}

export async function benchWriteLoad(
  agents = Number(process.env.BENCH_WRITE_AGENTS ?? 50),
  seconds = Number(process.env.BENCH_WRITE_SECONDS ?? 180),
  drainSeconds = Number(process.env.BENCH_WRITE_DRAIN_SECONDS ?? 300),
): Promise<WriteLoadRow[]> {
  const stack = await startLocalStack({ port: 0, inMemory: true, buildSpa: false, dataDir: mkdtempSync(join(tmpdir(), 'relais-bench-')) });
  try {
    const api = apiClient(stack.url);
    const users = ['agent.gramat', 'ts.figeac', 'cesf.souillac', 'agent.ccas-cahors'];
    const tokens = await Promise.all(users.map((u) => api.token(u)));
    const sites = users.map((u) => DEMO_USERS.find((d) => d.username === u)?.siteId);
    await stack.drain();
    const table = tableName('intake', 'main');
    const body = (agent: number) =>
      JSON.stringify({
        siteId: sites[agent % sites.length],
        channel: 'phone',
        anonymous: { ageRange: '35-44', communeCode: '46042' },
        themes: ['logement-hebergement'],
        durationMinutes: 12,
      });
    const post = async (agent: number): Promise<boolean> => {
      const res = await fetch(`${stack.url}/api/receptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[agent % tokens.length]}`, 'content-type': 'application/json' },
        body: body(agent),
      });
      await res.arrayBuffer();
      return res.status === 201;
    };
    let rawCount = 0;
    // An item of the reception's size, under a key no route reads.
    const put = async (agent: number): Promise<boolean> => {
      rawCount += 1;
      await ddb().send(
        new PutCommand({
          TableName: table,
          Item: { pk: `BENCH#${agent}`, sk: `PUT#${rawCount}`, payload: body(agent), at: new Date().toISOString() },
        }),
      );
      return true;
    };
    // Warm-up: JIT, connections, handler modules.
    for (let i = 0; i < 20; i++) {
      await put(i);
      await post(i);
    }

    const raw: number[] = [];
    const posted: number[] = [];
    let rawErrors = 0;
    let postErrors = 0;
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: agents }, async (_, agent) => {
        while (Date.now() < until) {
          const r = await timed(() => put(agent));
          raw.push(r.ms);
          if (!r.ok) rawErrors += 1;
          const p = await timed(() => post(agent));
          posted.push(p.ms);
          if (!p.ok) postErrors += 1;
        }
      }),
    );
    // Every event those receptions raised delivered (or dead-lettered) before counting, within
    // a bounded wait: the stream poller publishes them; the bench only watches the outbox.
    const drainStarted = Date.now();
    const drainUntil = drainStarted + drainSeconds * 1000;
    let unpublished = await pendingEvents(outboxTables());
    // Where the relay stood when the writes stopped, and how fast it then caught up (events/s).
    const pendingAtEnd = unpublished;
    while (unpublished > 0 && Date.now() < drainUntil) {
      await new Promise((r) => setTimeout(r, 2000));
      unpublished = await pendingEvents(outboxTables());
    }
    if (unpublished === 0) await stack.drain();
    const drainMs = Date.now() - drainStarted;
    const drainRate = (pendingAtEnd - unpublished) / Math.max(1, drainMs / 1000);
    const letters = await ddb().send(
      new QueryCommand({
        TableName: tableName('platform', 'devoutbox'),
        KeyConditionExpression: 'channel = :c',
        ExpressionAttributeValues: { ':c': 'dead-letter' },
        Select: 'COUNT',
      }),
    );
    const deadLetters = letters.Count ?? 0;
    const rawStats = stats(raw);
    const postStats = stats(posted);
    const ratio = postStats.p99 / rawStats.p99;
    return [
      {
        name: `PutItem brut, ${agents} agents entrelacés`,
        count: raw.length,
        errors: rawErrors,
        p50ms: rawStats.p50,
        p99ms: rawStats.p99,
        ratioP99: 1,
        target: 'référence',
        ok: null,
      },
      {
        name: `POST /api/receptions, ${agents} agents pendant ${seconds} s`,
        count: posted.length,
        errors: postErrors,
        p50ms: postStats.p50,
        p99ms: postStats.p99,
        ratioP99: ratio,
        target: '0 erreur, p99 ≤ 4',
        ok: postErrors === 0 && ratio <= 4,
      },
      {
        name: `Relais : en attente à la fin des écritures, puis vidés à ${Math.round(drainRate)} év./s`,
        count: pendingAtEnd,
        errors: 0,
        p50ms: Number.NaN,
        p99ms: Number.NaN,
        ratioP99: null,
        target: 'information',
        ok: null,
      },
      {
        name: `Événements encore à publier après ${Math.round(drainMs / 1000)} s de vidage (borne ${drainSeconds} s)`,
        count: unpublished,
        errors: unpublished,
        p50ms: Number.NaN,
        p99ms: Number.NaN,
        ratioP99: null,
        target: '0',
        ok: unpublished === 0,
      },
      {
        name: 'Lettres mortes après vidage de la pile',
        count: deadLetters,
        errors: deadLetters,
        p50ms: Number.NaN,
        p99ms: Number.NaN,
        ratioP99: null,
        target: '0',
        ok: deadLetters === 0,
      },
    ];
  } finally {
    await stack.stop();
  }
}

export async function reportWriteLoad(): Promise<boolean> {
  console.log('\nChemin d’écriture sous charge (ms, même exécution)');
  const rows = await benchWriteLoad();
  const round = (n: number | null) => (n === null || Number.isNaN(n) ? null : Math.round(n * 100) / 100);
  console.table(rows.map((r) => ({ ...r, p50ms: round(r.p50ms), p99ms: round(r.p99ms), ratioP99: round(r.ratioP99) })));
  return rows.every((r) => r.ok !== false);
}

if (require.main === module) {
  require('./env');
  reportWriteLoad()
    .then((ok) => {
      if (!ok) process.exitCode = 1;
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
