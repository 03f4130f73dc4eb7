/**
 * Lambda bundles: minified size and module init time, as a ratio against a hello-world bundle
 * built and measured the same way in the same run.
 *
 * Each handler the AWS build deploys (routes, subscriptions, schedules, the outbox relay) is
 * bundled with the options of infra/bundling.ts, the ones `cdk synth` uses. Init time: a fresh
 * `node` process requires the bundle and reports `performance.now()` (time since the process
 * started) once the module has loaded; median of several runs. That includes Node's own start,
 * as a Lambda cold start does, so the ratio reads "how much slower than an empty function".
 *
 * Targets: ≤ 300 KiB minified, init ≤ 1.5 × hello-world. A handler file that does not exist
 * yet is reported as skipped (ok: null), not as a failure.
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
  bytes: number | null;
  initMs: number | null;
  ratio: number | null;
  ok: boolean | null;
  note?: string;
}

export const MAX_BYTES = 300 * 1024;
export const MAX_INIT_RATIO = 1.5;

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const HELLO_WORLD = "export const handler = async () => ({ statusCode: 200, body: 'hello' });";

interface Entry {
  name: string;
  /** Relative to the repository root. */
  handler?: string;
  contents?: string;
}

/** Each deployed handler once (the relay is one file for every outbox table). */
function entries(): Entry[] {
  const seen = new Set<string>();
  const out: Entry[] = [{ name: 'hello-world', contents: HELLO_WORLD }];
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
    // As on Lambda (infra/stateless-stack.ts): readable stack traces, at some load cost.
    NODE_OPTIONS: '--enable-source-maps',
  };
  for (const service of SERVICES) {
    for (const table of service.tables) env[tableEnvName(service.name, table.name)] = `relais-bench-${service.name}-${table.name}`;
  }
  return env;
}

async function bundle(entry: Entry, outDir: string): Promise<string> {
  const outfile = path.join(outDir, entry.name, 'index.js');
  const options: BuildOptions = {
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external: [...ESBUILD_OPTIONS.external],
    inject: [...ESBUILD_OPTIONS.inject],
    outfile,
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
  };
  if (entry.contents !== undefined) {
    await build({ ...options, stdin: { contents: entry.contents, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'hello.ts' } });
  } else {
    await build({ ...options, entryPoints: [path.join(REPO_ROOT, entry.handler!)] });
  }
  return outfile;
}

/** Median of `runs` cold loads, each in a fresh node process. */
function initTime(file: string, runs: number, env: NodeJS.ProcessEnv): number {
  const script = `require(${JSON.stringify(file)}); process.stdout.write(String(performance.now()));`;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['-e', script], { env, cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    samples.push(Number(out.toString()));
  }
  samples.sort((a, b) => a - b);
  const mid = Math.floor(samples.length / 2);
  return samples.length % 2 ? samples[mid]! : (samples[mid - 1]! + samples[mid]!) / 2;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function benchBundles(options: { runs?: number } = {}): Promise<Row[]> {
  const runs = options.runs ?? Number(process.env.BENCH_INIT_RUNS ?? 15);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bundles-'));
  const env = lambdaLikeEnv();
  const rows: Row[] = [];
  let helloMs: number | undefined;
  try {
    for (const entry of entries()) {
      if (entry.handler && !fs.existsSync(path.join(REPO_ROOT, entry.handler))) {
        console.warn(`benchBundles: ${entry.name} skipped, ${entry.handler} does not exist yet`);
        rows.push({ name: entry.name, bytes: null, initMs: null, ratio: null, ok: null, note: `absent : ${entry.handler}` });
        continue;
      }
      let file: string;
      try {
        file = await bundle(entry, outDir);
      } catch (error) {
        rows.push({ name: entry.name, bytes: null, initMs: null, ratio: null, ok: false, note: `esbuild : ${firstLine(error)}` });
        continue;
      }
      const bytes = fs.statSync(file).size;
      let initMs: number;
      try {
        initMs = initTime(file, runs, env);
      } catch (error) {
        const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
        rows.push({ name: entry.name, bytes, initMs: null, ratio: null, ok: false, note: `chargement : ${firstLine(stderr || error)}` });
        continue;
      }
      helloMs ??= initMs;
      const ratio = initMs / helloMs;
      rows.push({
        name: entry.name,
        bytes,
        initMs: round(initMs, 1),
        ratio: round(ratio),
        ok: bytes <= MAX_BYTES && ratio <= MAX_INIT_RATIO,
      });
    }
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  return rows;
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
