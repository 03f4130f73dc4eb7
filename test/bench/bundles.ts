/**
 * Lambda bundles: minified size and module init time, as ratios against the floor handler's
 * (one DynamoDB GetItem with the AWS SDK v3, nothing else) built and measured the same way in
 * the same run — the least a function of this stack that reads a table can weigh
 * (docs/adr/0025-lean-functions.md). Hello-world is measured too, for reference.
 *
 * Each handler the AWS build deploys (routes, subscriptions, schedules, the outbox relay) is
 * bundled with the options of infra/bundling.ts, the ones `cdk synth` uses. Init time: a fresh
 * `node` process requires the bundle and reports `performance.now()` (time since the process
 * started) once the module has loaded; median of several runs, each taken in turn with a load of
 * the floor, and the init ratio is the median of those pairs' ratios (a machine drifts over the
 * part's minutes, and another process's work comes in bursts: see initTimes).
 * That includes Node's own start, as a Lambda cold start does, so the ratio reads "how much slower
 * than an empty function".
 *
 * Targets (issue 19): bundle ≤ 1.3 × the floor's, init ≤ 1.3 × the floor's, no bundle over
 * 600 KB, and the health function without the AWS SDK. A handler file that does not exist yet is
 * reported as skipped (ok: null), not as a failure.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { ESBUILD_OPTIONS } from '../../infra/bundling';
import { functionDecls } from '../../infra/manifests';
import { SERVICES } from '../../services';
import { tableEnvName } from '../../shared/manifest/manifest';

export interface Row {
  name: string;
  /** Minified bundle, bytes. */
  bytes: number | null;
  /** bytes ÷ the floor's bytes. */
  sizeRatio: number | null;
  initMs: number | null;
  /** initMs ÷ the floor's initMs. */
  initRatio: number | null;
  /** Whether the bundle contains the AWS SDK. */
  sdk: boolean | null;
  ok: boolean | null;
  note?: string;
}

export const MAX_BYTES = 600 * 1000;
export const MAX_SIZE_RATIO = 1.3;
export const MAX_INIT_RATIO = 1.3;
/** Functions that must not carry the AWS SDK at all. */
export const WITHOUT_SDK = new Set(['platform.health']);

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const HELLO_WORLD = "export const handler = async () => ({ statusCode: 200, body: 'hello' });";
/** The floor: one GetItem with the AWS SDK v3, the client built at module init as ours are. */
const FLOOR = [
  "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
  'const client = new DynamoDBClient({});',
  'export const handler = async (event: { id: string }) =>',
  '  (await client.send(new GetItemCommand({ TableName: process.env.RELAIS_TABLE_DIRECTORY_MAIN, Key: { pk: { S: event.id } } }))).Item ?? null;',
].join('\n');
const FLOOR_NAME = 'floor (GetItem)';

interface Entry {
  name: string;
  /** Relative to the repository root. */
  handler?: string;
  contents?: string;
}

/** Each deployed handler once (the relay is one file for every outbox table). */
function entries(): Entry[] {
  const seen = new Set<string>();
  const out: Entry[] = [
    { name: FLOOR_NAME, contents: FLOOR },
    { name: 'hello-world', contents: HELLO_WORLD },
  ];
  for (const decl of functionDecls(SERVICES)) {
    if (seen.has(decl.handler)) continue;
    seen.add(decl.handler);
    out.push({ name: decl.kind === 'relay' ? 'kernel.relay' : `${decl.service.name}.${decl.id}`, handler: decl.handler });
  }
  return out;
}

/** What a Lambda function of the AWS build finds in its environment (values are placeholders). */
function lambdaLikeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    RELAIS_MODE: 'aws',
    RELAIS_STAGE: 'bench',
    RELAIS_EVENT_BUS_NAME: 'relais-bench',
    RELAIS_OUTBOX_TABLES: 'relais-bench-directory-main',
    RELAIS_PLACE_INDEX: 'relais-bench-places',
    RELAIS_ROUTE_CALCULATOR: 'relais-bench-routes',
    RELAIS_MAP_NAME: 'relais-bench-map',
    RELAIS_NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:000000000000:relais-bench-notifications',
    RELAIS_SMS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:000000000000:relais-bench-sms',
    // Set by the stack for the routes that `reads: ['accounts']` (parcours.addMember) and the staff accounts' functions.
    RELAIS_USER_POOL_ID: 'eu-west-1_bench',
    // No NODE_OPTIONS=--enable-source-maps: the functions do not set it (docs/adr/0025).
  };
  for (const service of SERVICES) {
    for (const table of service.tables) env[tableEnvName(service.name, table.name)] = `relais-bench-${service.name}-${table.name}`;
  }
  // Set by the stack for the person's file and export (platform gathers each service's part).
  env.RELAIS_PERSON_DATA_FUNCTIONS = JSON.stringify(
    Object.fromEntries(SERVICES.map((s) => [s.name, `relais-bench-${s.name}-person-data`])),
  );
  return env;
}

async function bundle(entry: Entry, outDir: string): Promise<{ file: string; sdk: boolean }> {
  const outfile = path.join(outDir, entry.name, 'index.js');
  const options: BuildOptions = {
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external: [...ESBUILD_OPTIONS.external],
    inject: [...ESBUILD_OPTIONS.inject],
    outfile,
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
    metafile: true,
  };
  const result =
    entry.contents !== undefined
      ? await build({
          ...options,
          stdin: { contents: entry.contents, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: `${entry.name}.ts` },
        })
      : await build({ ...options, entryPoints: [path.join(REPO_ROOT, entry.handler!)] });
  const sdk = Object.keys(result.metafile?.inputs ?? {}).some((f) => f.includes('node_modules/@aws-sdk/'));
  return { file: outfile, sdk };
}

/** One cold load in a fresh node process: ms from the process's start to the module loaded. */
function loadOnce(file: string, env: NodeJS.ProcessEnv): number {
  const script = `require(${JSON.stringify(file)}); process.stdout.write(String(performance.now()));`;
  const out = execFileSync(process.execPath, ['-e', script], { env, cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  return Number(out.toString());
}

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Median of `runs` cold loads of `file`, and, when `floorFile` is given, the median of the ratios
 * of as many pairs: a load of `file` and one of the floor, taken in turn. A machine's load times
 * drift over a run of a few minutes (the functions measured last read up to 1.2x slower against a
 * floor measured once at the start, and 1.1–1.2x when measured in turn with it): each function's
 * init ratio is taken against the floor measured beside it. Pair by pair, so that a few seconds
 * of another process's work weigh on both loads of a pair and cancel in its ratio (the ratio of
 * the two medians read 1.34–1.36x for functions at 1.09–1.20x measured again on a quiet machine);
 * which of the two loads first alternates, so that neither always finds the other's files cached.
 */
function initTimes(file: string, runs: number, env: NodeJS.ProcessEnv, floorFile?: string): { initMs: number; ratio?: number } {
  const own: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (!floorFile) {
      own.push(loadOnce(file, env));
      continue;
    }
    const floorFirst = i % 2 === 1;
    const before = floorFirst ? loadOnce(floorFile, env) : loadOnce(file, env);
    const after = floorFirst ? loadOnce(file, env) : loadOnce(floorFile, env);
    const [mine, theirs] = floorFirst ? [after, before] : [before, after];
    own.push(mine);
    ratios.push(mine / theirs);
  }
  return { initMs: median(own), ...(floorFile ? { ratio: median(ratios) } : {}) };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function benchBundles(options: { runs?: number } = {}): Promise<Row[]> {
  const runs = options.runs ?? Number(process.env.BENCH_INIT_RUNS ?? 11);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bundles-'));
  const env = lambdaLikeEnv();
  const rows: Row[] = [];
  let floor: { bytes: number; initMs: number; file: string } | undefined;
  const empty = { bytes: null, sizeRatio: null, initMs: null, initRatio: null, sdk: null };
  try {
    for (const entry of entries()) {
      if (entry.handler && !fs.existsSync(path.join(REPO_ROOT, entry.handler))) {
        console.warn(`benchBundles: ${entry.name} skipped, ${entry.handler} does not exist yet`);
        rows.push({ name: entry.name, ...empty, ok: null, note: `absent : ${entry.handler}` });
        continue;
      }
      let built: { file: string; sdk: boolean };
      try {
        built = await bundle(entry, outDir);
      } catch (error) {
        rows.push({ name: entry.name, ...empty, ok: false, note: `esbuild : ${firstLine(error)}` });
        continue;
      }
      const bytes = fs.statSync(built.file).size;
      let initMs: number;
      let pairRatio: number | undefined;
      try {
        ({ initMs, ratio: pairRatio } = initTimes(built.file, runs, env, floor?.file));
      } catch (error) {
        const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
        rows.push({ name: entry.name, ...empty, bytes, sdk: built.sdk, ok: false, note: `chargement : ${firstLine(stderr || error)}` });
        continue;
      }
      // The floor is the first entry: if it cannot be measured, no ratio can.
      if (!floor) {
        if (entry.name !== FLOOR_NAME) throw new Error('benchBundles: the floor handler was not measured first');
        floor = { bytes, initMs, file: built.file };
      }
      const sizeRatio = bytes / floor.bytes;
      // The floor's own row (no pair): 1.
      const initRatio = pairRatio ?? initMs / floor.initMs;
      const reference = entry.name === FLOOR_NAME || entry.name === 'hello-world';
      const ok = reference
        ? null
        : bytes <= MAX_BYTES && sizeRatio <= MAX_SIZE_RATIO && initRatio <= MAX_INIT_RATIO && !(WITHOUT_SDK.has(entry.name) && built.sdk);
      rows.push({
        name: entry.name,
        bytes,
        sizeRatio: round(sizeRatio),
        initMs: round(initMs, 1),
        initRatio: round(initRatio),
        sdk: built.sdk,
        ok,
        ...(ok === false ? { note: misses(bytes, sizeRatio, initRatio, WITHOUT_SDK.has(entry.name) && built.sdk) } : {}),
      });
    }
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  return rows;
}

/** Which targets a function misses, in French (the table is read by people). */
function misses(bytes: number, sizeRatio: number, initRatio: number, sdkWhereNone: boolean): string {
  const out: string[] = [];
  if (bytes > MAX_BYTES) out.push(`> ${MAX_BYTES / 1000} Ko`);
  if (sizeRatio > MAX_SIZE_RATIO) out.push(`taille > ${MAX_SIZE_RATIO}× plancher`);
  if (initRatio > MAX_INIT_RATIO) out.push(`chargement > ${MAX_INIT_RATIO}× plancher`);
  if (sdkWhereNone) out.push('contient le SDK AWS');
  return out.join(', ');
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0 && !l.startsWith('at ') && !l.startsWith('node:') && !l.startsWith('^')) ?? text
  ).slice(0, 160);
}
