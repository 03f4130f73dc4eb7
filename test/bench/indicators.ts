/**
 * Indicators benchmark on the local stack (DynamoDB Local in memory): p50 of
 * `GET /api/indicators?year=` for a year with 100,000 receptions recorded against a year with
 * 1,000, in the same run, interleaved. Target: ratio ≤ 1.5 (reading the indicators costs the
 * same whatever the number of receptions).
 *
 * The receptions are real `ReceptionRecorded` events read by the indicators' own contract
 * (`toFact`) and aggregated by the consumers' `project`, as the rebuild does: in memory, then
 * every resulting item written (counters, reception projections, journal entries).
 * `BENCH_RECEPTIONS` changes the large year's count (default 100,000).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { startLocalStack } from '../../infra/local/stack';
import { project } from '../../services/indicators/domain/aggregates';
import { toFact } from '../../services/indicators/domain/facts';
import { MemoryStore } from '../../services/indicators/store/aggregate-store';
import { journalKey } from '../../services/indicators/use-cases/indicators.use-cases';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { ulid } from '../../shared/ids/ulid';
import { communePopulation } from '../../shared/reference/commune-populations';
import { THEME_CATEGORIES } from '../../shared/reference/data-inclusion';
import { apiClient } from '../support/local-stack';

export interface IndicatorsBenchRow {
  name: string;
  p50ms: number;
  p99ms: number;
  ratioP50: number | null;
  target: string;
  ok: boolean | null;
}

const SMALL_YEAR = 2022;
const LARGE_YEAR = 2024;
const CHANNELS = ['site', 'phone', 'home_visit', 'video', 'mail'];

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

async function batchWrite(table: string, items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  // A few writers at once: DynamoDB Local takes them faster than one after the other.
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending = (chunks[next++] as Record<string, unknown>[]).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out: BatchWriteCommandOutput = await ddb().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Receptions of a year, aggregated by the consumers' code into `store`; returns the journal entries. */
async function aggregate(store: MemoryStore, year: number, count: number, next: () => number): Promise<Record<string, unknown>[]> {
  const journal: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
    const receivedAt = `${year}-${month}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}T10:00:00.000Z`;
    const eventId = ulid();
    const fact = toFact('relais.intake', 'ReceptionRecorded', {
      metadata: { eventId, occurredAt: receivedAt },
      data: {
        receptionId: ulid(),
        siteId: 'S',
        organisationId: 'O',
        channel: CHANNELS[Math.floor(next() * CHANNELS.length)],
        themes: [THEME_CATEGORIES[Math.floor(next() * THEME_CATEGORIES.length)]],
        communeCode: `46${String(1 + Math.floor(next() * 340)).padStart(3, '0')}`,
        anonymous: true,
        receivedAt,
        smsSurveysConsent: false,
      },
    });
    if (!fact) throw new Error('not a fact');
    store.apply(await project(fact, { reader: store, populations: communePopulation }));
    journal.push({
      ...journalKey(fact),
      type: fact.type,
      occurredAt: fact.occurredAt,
      journaledAt: receivedAt,
      data: JSON.stringify(fact.data),
    });
  }
  return journal;
}

export async function benchIndicators(large = Number(process.env.BENCH_RECEPTIONS ?? 100_000)): Promise<IndicatorsBenchRow[]> {
  const dynamo = await startDynamoDbLocal({});
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  try {
    stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: dynamo.endpoint,
      tablePrefix: 'benchind',
      buildSpa: false,
      seedDemo: false,
      dataDir: mkdtempSync(join(tmpdir(), 'relais-bench-')),
    });
    const table = tableName('indicators', 'main');
    const next = random(46);
    const store = new MemoryStore();
    const loadStart = Date.now();
    const journal = [...(await aggregate(store, SMALL_YEAR, 1_000, next)), ...(await aggregate(store, LARGE_YEAR, large, next))];
    await batchWrite(table, [...store.items.values(), ...journal]);
    const loadSeconds = Math.round((Date.now() - loadStart) / 100) / 10;

    const api = apiClient(stack.url);
    const token = await api.token('pilote');
    const get = async (year: number) => {
      const res = await fetch(`${stack?.url}/api/indicators?year=${year}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { observatory?: { receptions: number } };
      if (res.status !== 200) throw new Error(`indicators answered ${res.status}`);
      return body.observatory?.receptions;
    };
    if ((await get(LARGE_YEAR)) !== large || (await get(SMALL_YEAR)) !== 1_000)
      throw new Error('the aggregates do not hold the receptions');
    for (let i = 0; i < 30; i++) {
      await get(SMALL_YEAR);
      await get(LARGE_YEAR);
    }
    const small: number[] = [];
    const big: number[] = [];
    const iterations = Number(process.env.BENCH_INDICATOR_READS ?? 300);
    const timed = async (year: number, into: number[]) => {
      const start = process.hrtime.bigint();
      await get(year);
      into.push(Number(process.hrtime.bigint() - start) / 1e6);
    };
    // Interleaved, so both see the same machine load.
    for (let i = 0; i < iterations; i++) {
      await timed(SMALL_YEAR, small);
      await timed(LARGE_YEAR, big);
    }
    small.sort((a, b) => a - b);
    big.sort((a, b) => a - b);
    const ratio = percentile(big, 50) / percentile(small, 50);
    const round = (n: number) => Math.round(n * 100) / 100;
    return [
      {
        name: `GET /api/indicators, 1 000 accueils dans l’année (référence ; chargement ${loadSeconds} s)`,
        p50ms: round(percentile(small, 50)),
        p99ms: round(percentile(small, 99)),
        ratioP50: null,
        target: '',
        ok: null,
      },
      {
        name: `GET /api/indicators, ${large.toLocaleString('fr-FR')} accueils dans l’année`,
        p50ms: round(percentile(big, 50)),
        p99ms: round(percentile(big, 99)),
        ratioP50: round(ratio),
        target: 'p50 ≤ 1,5 × référence',
        ok: ratio <= 1.5,
      },
    ];
  } finally {
    await stack?.stop();
    await dynamo.stop();
  }
}

/** Prints the table; true when the target is met. */
export async function reportIndicators(): Promise<boolean> {
  console.log('\nIndicateurs : lecture selon le nombre d’accueils (p50/p99 en ms, même exécution)');
  const rows = await benchIndicators();
  console.table(rows);
  return rows.every((r) => r.ok !== false);
}

if (require.main === module) {
  require('./env');
  reportIndicators()
    .then((ok) => {
      if (!ok) process.exitCode = 1;
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
