import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { resetSettings, tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { apiClient } from '../support/local-stack';
import { startLocalStack } from '../../infra/local/stack';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LatencyRow {
  name: string;
  p50ms: number;
  p99ms: number;
  ratioP50: number | null;
  target: string;
  ok: boolean | null;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function measure(iterations: number, fn: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 50; i++) await fn(); // warm-up: JIT, connections, handler modules
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/**
 * API overhead: `GET /api/sites/{id}` through the whole local stack (HTTP server, JWT check,
 * event building, route handler, zod, DynamoDB) against a raw `GetItem` of the same item on the
 * same DynamoDB Local, interleaved in the same run. Target: ratio ≤ 2 at p50.
 */
export async function benchApiOverhead(iterations = 1000): Promise<LatencyRow[]> {
  // Nearest sites by commune needs commune centres: the bench, like the tests, may read ../shared.
  process.env.RELAIS_COMMUNES_FILE ??= join(__dirname, '..', '..', '..', 'shared', 'data', 'communes-centroids.csv');
  resetSettings();
  const stack = await startLocalStack({ port: 0, inMemory: true, buildSpa: false, dataDir: mkdtempSync(join(tmpdir(), 'relais-bench-')) });
  try {
    const api = apiClient(stack.url);
    const token = await api.token('agent.gramat');
    const site = DEMO_SITES[0]!;
    const key = { pk: `SITE#${site.id}`, sk: 'SITE' };
    const table = tableName('directory', 'main');
    const raw = await measure(iterations, async () => {
      const out = await ddb().send(new GetCommand({ TableName: table, Key: key }));
      if (!out.Item) throw new Error('missing item');
    });
    const viaApi = await measure(iterations, async () => {
      const res = await fetch(`${stack.url}/api/sites/${site.id}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      await res.arrayBuffer();
    });
    // Nearest sites: the sites stay in the handler's memory until one changes (one small read
    // checks that), then the spatial index and the road estimate answer.
    const nearest = await measure(iterations, async () => {
      const res = await fetch(`${stack.url}/api/sites/nearest?commune=46102&limit=3`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      await res.arrayBuffer();
    });
    const ratio = viaApi.p50 / raw.p50;
    const nearestRatio = nearest.p50 / raw.p50;
    return [
      { name: 'GetItem brut (DynamoDB Local)', p50ms: raw.p50, p99ms: raw.p99, ratioP50: 1, target: 'référence', ok: null },
      { name: 'GET /api/sites/{id} (pile locale)', p50ms: viaApi.p50, p99ms: viaApi.p99, ratioP50: ratio, target: '≤ 2', ok: ratio <= 2 },
      {
        name: 'GET /api/sites/nearest?commune= (pile locale)',
        p50ms: nearest.p50,
        p99ms: nearest.p99,
        ratioP50: nearestRatio,
        target: '≤ 2',
        ok: nearestRatio <= 2,
      },
    ];
  } finally {
    await stack.stop();
  }
}
