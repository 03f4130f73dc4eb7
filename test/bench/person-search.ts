/**
 * Intake benchmarks on the local stack (DynamoDB Local in memory):
 *
 * - Person search with 200,000 persons loaded (deterministic French names, accents included):
 *   p95 of `GET /api/persons?q=` through the whole stack (HTTP, JWT, zod, the name index query
 *   and the one pending audit item naming the persons shown), sent by a plain keep-alive
 *   `node:http` client (the agent's browser, in this process), against the p95 of a raw
 *   `GetItem` of a person on the same DynamoDB Local, in the same run. Target: ≤ 3×. Then the consumer
 *   that chains those pending reads off the request path (ADR 0016): its mean cost per search,
 *   reported (the local stack's own schedule may have taken some of them during the run).
 *
 * `BENCH_PERSONS` changes the number of persons (default 200,000).
 */
import { mkdtempSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, type BatchWriteCommandOutput, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CreateTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { startLocalStack } from '../../infra/local/stack';
import { createTableInput, localTables } from '../../infra/local/tables';
import { SERVICES } from '../../services/index';
import { DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { normaliseName } from '../../services/intake/domain/names';
import type { Person } from '../../services/intake/domain/person.schema';
import { personItem } from '../../services/intake/store/intake.repository';
import { namePartition } from '../../services/intake/store/keys';
import { drainPendingReads } from '../../shared/auth/audit';
import { resetSettings, tableName } from '../../shared/config/settings';
import { ddb, rawClientConfig, resetDdb } from '../../shared/dynamo/client';
import { apiClient } from '../support/local-stack';

export interface PersonBenchRow {
  name: string;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  ratioP95: number | null;
  target: string;
  ok: boolean | null;
}

const LAST_NAMES = (
  'Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy Roux David Bertrand Morel ' +
  'Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Faure André Mercier Blanc Guérin Boyer Garnier Chevalier ' +
  'François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Masson Marchand Duval Denis Dumont ' +
  'Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard ' +
  'Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe ' +
  'Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Guillaume Lecomte Lopez Dupuy Guillot Hubert Berger Carpentier Dupuis ' +
  'Moulin Deschamps Huet Vasseur Boucher Fleury Royer Klein Jacquet Adam Poirier Marty Aubry Guyot Carré Renault Charpentier ' +
  'Ménard Maillard Baron Bertin Bailly Hervé Le Gall Collet Léger Bouvier Julien Prévost Millet Perrot Le Roux Cousin Germain ' +
  'Breton Besson Langlois Rémy Le Goff Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Mallet Hamon Boulanger Monnier ' +
  'Michaud Guichard Gillet Étienne Grondin Poulain Tessier Chauvin Da Silva Bouchet Lemaître Bénard Maréchal Humbert Reynaud ' +
  'Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay Pasquier Laporte Delpech Delpérié Lacombe Cayrou ' +
  'Bouscarel Vayssière Couderc Lafon Lagarrigue Soulié Teulière Lalbat Bessières Calmon Laborie Vigouroux Malbec Delmas Cazals ' +
  'Lacaze Bouyssou Sudrie Rouquié Fouilhé Issaly Lagarde Besse Mourgues Pouget Bastide Delbos Marcouly Laval Salgues Ségala'
)
  .split(/\s+(?=[A-ZÉ])/)
  .filter(Boolean);
const FIRST_NAMES = (
  'Marie Jean Pierre Michel André Philippe Nathalie Isabelle Sylvie Catherine Françoise Jacques Christophe Stéphane Frédéric ' +
  'Sébastien Céline Valérie Sandrine Nicolas Julien Laurent Éric David Olivier Christine Monique Hélène Élodie Léa Chloé Emma ' +
  'Louise Jade Inès Zoé Lucas Hugo Théo Noé Gabriel Raphaël Maël Jérôme Grégoire Thérèse Geneviève Bernadette Josiane Agnès ' +
  'Béatrice Anaïs Maëlle Noémie Clément Benoît Aurélien Timothée Mathéo Loïc Gaëlle Joël Noël Cédric Solène Mélanie'
).split(/\s+/);

/** Deterministic pseudo-random numbers (mulberry32). */
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

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
};

/** A fixed ULID-shaped id per index (Crockford base 32), so two runs load the same persons. */
function benchId(i: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let n = i;
  let tail = '';
  for (let k = 0; k < 10; k++) {
    tail = alphabet[n % 32] + tail;
    n = Math.floor(n / 32);
  }
  return `01KBENCH0000000${tail}`.slice(0, 26);
}

function makePerson(i: number, next: () => number): Person {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const year = 1930 + Math.floor(next() * 90);
  const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
  const at = '2026-01-01T00:00:00.000Z';
  const who = { userId: 'bench', name: 'Bench', organisationId: DEMO_USERS[0]?.organisationId ?? null };
  const consent = { given: next() < 0.6, method: 'oral' as const, recordedAt: at, recordedBy: who };
  return {
    id: benchId(i),
    lastName: pick(LAST_NAMES),
    firstName: pick(FIRST_NAMES),
    birthDate: `${year}-${month}-${day}`,
    communeCode: '46042',
    consents: { networkSharing: consent, smsSurveys: { ...consent, given: false } },
    createdBy: who,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

async function batchWrite(table: string, items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    const out: BatchWriteCommandOutput = await ddb().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
  }
}

/** Load `count` persons straight into the intake table (BatchWrite, 25 at a time, a few in flight). */
async function loadPersons(count: number): Promise<Person[]> {
  const table = tableName('intake', 'main');
  const next = random(46);
  const persons = Array.from({ length: count }, (_, i) => makePerson(i, next));
  const CONCURRENCY = 16;
  let cursor = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const start = cursor;
        cursor += 25;
        if (start >= persons.length) return;
        await batchWrite(
          table,
          persons.slice(start, start + 25).map((p) => personItem(p)),
        );
      }
    }),
  );
  return persons;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function benchPersonSearch(count = Number(process.env.BENCH_PERSONS ?? 200_000)): Promise<PersonBenchRow[]> {
  // The persons are loaded before the stack starts, into the intake table created without its
  // stream, which is switched on afterwards: otherwise the local stack's stream poller (in this
  // very process, unlike the relay Lambda on AWS) spends minutes reading 200,000 records that
  // are not events, and its pauses would be measured as the route's.
  const dynamo = await startDynamoDbLocal({});
  const prefix = 'bench';
  process.env.RELAIS_DYNAMODB_ENDPOINT = dynamo.endpoint;
  resetSettings();
  resetDdb();
  const intakeTable = localTables(SERVICES, prefix).find((t) => t.service === 'intake' && t.decl.name === 'main');
  if (!intakeTable) throw new Error('no intake table in the manifests');
  process.env[intakeTable.envName] = intakeTable.name;
  const client = new DynamoDBClient(rawClientConfig());
  const { StreamSpecification: _stream, ...withoutStream } = createTableInput(intakeTable.name, intakeTable.decl);
  await client.send(new CreateTableCommand(withoutStream));
  const loadStart = Date.now();
  const persons = await loadPersons(count);
  const loadSeconds = (Date.now() - loadStart) / 1000;
  await client.send(
    new UpdateTableCommand({ TableName: intakeTable.name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }),
  );
  client.destroy();

  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  const browser = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: dynamo.endpoint,
      tablePrefix: prefix,
      buildSpa: false,
      dataDir: mkdtempSync(join(tmpdir(), 'relais-bench-')),
    });
    const url = stack.url;
    const api = apiClient(url);
    const agents = ['agent.gramat', 'ts.figeac', 'cesf.souillac', 'agent.ccas-cahors'];
    const tokens = await Promise.all(agents.map((u) => api.token(u)));
    await stack.drain();
    const next = random(2026);
    const table = tableName('intake', 'main');
    const iterations = Number(process.env.BENCH_SEARCHES ?? 400);
    // Queries an agent types: the first 3 to 6 letters of a last name, as typed (accents, capitals).
    const queries = Array.from({ length: iterations }, () => {
      const p = persons[Math.floor(next() * persons.length)] as Person;
      return p.lastName.slice(0, 3 + Math.floor(next() * 4));
    });
    const keys = Array.from({ length: iterations }, () => ({
      pk: `PERSON#${(persons[Math.floor(next() * persons.length)] as Person).id}`,
      sk: 'PERSON',
    }));

    const raw: number[] = [];
    const search: number[] = [];
    const empty: number[] = [];
    const token = tokens[0] as string;
    const get = async (i: number) => {
      const out = await ddb().send(new GetCommand({ TableName: table, Key: keys[i % keys.length] }));
      if (!out.Item) throw new Error('missing person');
    };
    // The agent's browser, played by a plain keep-alive HTTP client: it runs in this process,
    // on the stack's own CPU, so it must cost little — undici's `fetch` took about 0.65 ms of CPU
    // per search here (a browser's fetch costs the server nothing). The stack is crossed in full.
    const find = (i: number) =>
      new Promise<void>((resolve, reject) => {
        const path = `/api/persons?q=${encodeURIComponent(queries[i % queries.length] as string)}`;
        const req = httpGet(`${url}${path}`, { agent: browser, headers: { authorization: `Bearer ${token}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`search answered ${res.statusCode}`));
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: unknown[] };
            if (body.items.length === 0) return reject(new Error('search found nobody'));
            resolve();
          });
        });
        req.on('error', reject);
      });
    // The index query the route makes, sent raw: what the search costs before HTTP and audit.
    const query = async (i: number) => {
      const q = normaliseName(queries[i % queries.length] as string);
      const out = await ddb().send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :q)',
          ExpressionAttributeValues: { ':pk': namePartition(q), ':q': q },
          Limit: 10,
        }),
      );
      if (!out.Items?.length) throw new Error('query found nobody');
    };
    for (let i = 0; i < 50; i++) {
      await get(i);
      await find(i);
      await query(i);
    }
    // Interleaved, so both see the same machine load.
    for (let i = 0; i < iterations; i++) {
      raw.push(await timed(() => get(i)));
      search.push(await timed(() => find(i)));
      empty.push(await timed(() => query(i)));
    }
    const rawStats = stats(raw);
    const searchStats = stats(search);
    const ratio = searchStats.p95 / rawStats.p95;
    const emptyStats = stats(empty);
    // What the searches left pending, chained now as the consumer does (off the request path).
    const drainStart = performance.now();
    const { chained } = await drainPendingReads();
    const drainMs = performance.now() - drainStart;
    const perPending = chained > 0 ? drainMs / chained : Number.NaN;

    return [
      {
        name: `GetItem brut d’une personne (${count} chargées en ${loadSeconds.toFixed(0)} s)`,
        p50ms: rawStats.p50,
        p95ms: rawStats.p95,
        p99ms: rawStats.p99,
        ratioP95: 1,
        target: 'référence',
        ok: null,
      },
      {
        name: 'GET /api/persons?q= (pile locale, index des noms + audit en attente)',
        p50ms: searchStats.p50,
        p95ms: searchStats.p95,
        p99ms: searchStats.p99,
        ratioP95: ratio,
        target: '≤ 3',
        ok: ratio <= 3,
      },
      {
        name: 'Query brute de l’index des noms (la même, sans HTTP ni audit) — pour lecture',
        p50ms: emptyStats.p50,
        p95ms: emptyStats.p95,
        p99ms: emptyStats.p99,
        ratioP95: emptyStats.p95 / rawStats.p95,
        target: 'mesure',
        ok: null,
      },
      {
        name: `Audit en attente chaîné hors requête : ${chained} recherches, ms par recherche (moyenne) — pour lecture`,
        p50ms: perPending,
        p95ms: perPending,
        p99ms: perPending,
        ratioP95: null,
        target: 'mesure',
        ok: null,
      },
    ];
  } finally {
    browser.destroy();
    await stack?.stop();
    await dynamo.stop();
  }
}

export async function reportPersonSearch(): Promise<boolean> {
  console.log('\nAccueil : recherche de personnes (ms, même exécution)');
  const rows = await benchPersonSearch();
  const round = (n: number | null) => (n === null || Number.isNaN(n) ? null : Math.round(n * 100) / 100);
  console.table(
    rows.map((r) => ({ ...r, p50ms: round(r.p50ms), p95ms: round(r.p95ms), p99ms: round(r.p99ms), ratioP95: round(r.ratioP95) })),
  );
  return rows.every((r) => r.ok !== false);
}

if (require.main === module) {
  require('./env');
  reportPersonSearch()
    .then((ok) => {
      if (!ok) process.exitCode = 1;
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
