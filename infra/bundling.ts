import * as path from 'node:path';
import { type BundlingOptions, Charset, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { buildSync } from 'esbuild';

/**
 * How every Lambda handler is bundled, in one place: the CDK functions (infra/) and the bundle
 * benchmark (test/bench/bundles.ts) both read it, so the benchmark measures what ships.
 *
 * - Node.js 22 on ARM64 (see infra/constructs/relais-function.ts), hence target `node22`.
 * - CommonJS: the handlers and their dependencies are CommonJS-compatible, and CJS avoids the
 *   `require` shims an ESM bundle needs for the AWS SDK's remaining CJS internals.
 * - The AWS SDK v3 is bundled, not taken from the runtime: the code is tested against the SDK
 *   version in package-lock.json (not whatever the runtime ships), and one minified file loads
 *   faster than the runtime's hundreds of SDK files (measured: ~110 ms vs ~145 ms of module
 *   init for a DynamoDB + EventBridge handler). See docs/adr/0003-aws-stacks.md.
 * - `module` before `main` so esbuild picks the SDK's ES builds, which tree-shake.
 * - Source maps as a file beside the bundle (index.js.map), without sources content, and NOT loaded
 *   at run time: `--enable-source-maps` made Node parse the map at every cold start. A stack trace
 *   from the logs is decoded offline against the deployed map (docs/adr/0025-lean-functions.md).
 * - UTF-8 output: esbuild's default escapes every non-ASCII character (« é » as `\xE9`, four bytes
 *   for two), and the functions' French messages are full of them (docs/adr/0064).
 * - services/cold-start.ts is injected: it checks the function's settings at module init, so a
 *   malformed value fails the cold start with its name and rule (docs/adr/0019).
 */
export const LAMBDA_NODE_TARGET = 'node22';

/** Runs first in every bundle: the settings check (see above). */
export const COLD_START_CHECK = path.resolve(__dirname, '..', 'services', 'cold-start.ts');

/** The esbuild options, in esbuild's own API shape (used as-is by the benchmark). */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: LAMBDA_NODE_TARGET,
  format: 'cjs',
  minify: true,
  charset: 'utf8',
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  external: [] as string[],
  inject: [COLD_START_CHECK],
} as const;

/** Where Lambda unpacks a function's bundle (LAMBDA_TASK_ROOT): files copied beside index.js are here. */
export const LAMBDA_TASK_ROOT = '/var/task';

/** The path a file copied into the bundle by `lambdaBundling(files)` has at run time. */
export function bundledPath(file: string): string {
  return `${LAMBDA_TASK_ROOT}/${path.basename(file)}`;
}

/**
 * The same options for `NodejsFunction`. `files` (absolute paths on the deployer's machine) are
 * copied beside index.js after esbuild, so the function reads them at `bundledPath(file)`;
 * NodejsFunction hashes the bundle's output, so a changed file redeploys the function.
 */
export function lambdaBundling(files: readonly string[] = []): BundlingOptions {
  const names = files.map((f) => path.basename(f));
  const clash = names.find((name, i) => names.indexOf(name) !== i || name === 'index.js' || name === 'index.js.map');
  if (clash) throw new Error(`Two files, or a file and the bundle, would both be ${LAMBDA_TASK_ROOT}/${clash} in the bundle`);
  return {
    target: ESBUILD_OPTIONS.target,
    format: OutputFormat.CJS,
    minify: ESBUILD_OPTIONS.minify,
    charset: Charset.UTF8,
    sourceMap: ESBUILD_OPTIONS.sourcemap,
    sourcesContent: ESBUILD_OPTIONS.sourcesContent,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    // Bundle the AWS SDK (the CDK default externalises @aws-sdk/* on Node.js ≥ 18): see above.
    bundleAwsSDK: true,
    externalModules: [...ESBUILD_OPTIONS.external],
    inject: [...ESBUILD_OPTIONS.inject],
    // Never fall back to Docker: the locally installed esbuild (package.json) is the bundler.
    forceDockerBundling: false,
    // The hooks run in the local shell (`bash -c`, or `cmd /c` on Windows) with the real output
    // directory, because bundling is local (above); the source paths are the deployer's.
    ...(files.length > 0
      ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (_inputDir: string, outputDir: string) =>
              files.map((file) => copyCommand(file, path.join(outputDir, path.basename(file)))),
          },
        }
      : {}),
  };
}

/** A copy in the shell CDK runs the hooks with (the same commands CDK itself uses for its own copies). */
export function copyCommand(source: string, destination: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `copy /Y "${source}" "${destination}"`;
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `cp ${quote(source)} ${quote(destination)}`;
}

/**
 * The repository's own modules a handler's bundle contains (paths relative to the repository
 * root, `/`-separated): esbuild resolves the handler's import graph the way the real bundling does,
 * packages left out (only the repository's modules are asked about), nothing written. Cached per
 * entry for the process (a synthesis asks once per function). What the infrastructure copies beside
 * a bundle is derived from this: a data file goes only where a module that reads it is bundled
 * (docs/adr/0025-lean-functions.md).
 */
export function bundledModules(entry: string): ReadonlySet<string> {
  const absolute = path.resolve(entry);
  let modules = moduleCache.get(absolute);
  if (!modules) {
    const root = path.resolve(__dirname, '..');
    const result = buildSync({
      entryPoints: [absolute],
      bundle: true,
      platform: 'node',
      target: ESBUILD_OPTIONS.target,
      format: 'cjs',
      mainFields: [...ESBUILD_OPTIONS.mainFields],
      packages: 'external',
      // Not written; an output path only so that the metafile says what ends up in the output.
      outfile: path.join(root, 'cdk.out', 'module-graph', 'index.js'),
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: root,
    });
    // A module esbuild parsed but tree-shook away entirely (bytesInOutput 0) is not in the bundle.
    const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
    const kept = Object.entries(output?.inputs ?? {}).filter(([, input]) => input.bytesInOutput > 0);
    modules = new Set(kept.map(([file]) => path.relative(root, path.resolve(root, file)).split(path.sep).join('/')));
    moduleCache.set(absolute, modules);
  }
  return modules;
}

const moduleCache = new Map<string, ReadonlySet<string>>();
