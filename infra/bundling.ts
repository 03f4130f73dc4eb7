import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

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
 * - Source maps without sources content: readable stack traces (NODE_OPTIONS=--enable-source-maps)
 *   without shipping the source a second time.
 */
export const LAMBDA_NODE_TARGET = 'node22';

/** The esbuild options, in esbuild's own API shape (used as-is by the benchmark). */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: LAMBDA_NODE_TARGET,
  format: 'cjs',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  external: [] as string[],
} as const;

/** The same options for `NodejsFunction`. */
export function lambdaBundling(): BundlingOptions {
  return {
    target: ESBUILD_OPTIONS.target,
    format: OutputFormat.CJS,
    minify: ESBUILD_OPTIONS.minify,
    sourceMap: ESBUILD_OPTIONS.sourcemap,
    sourcesContent: ESBUILD_OPTIONS.sourcesContent,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    // Bundle the AWS SDK (the CDK default externalises @aws-sdk/* on Node.js ≥ 18): see above.
    bundleAwsSDK: true,
    externalModules: [...ESBUILD_OPTIONS.external],
    // Never fall back to Docker: the locally installed esbuild (package.json) is the bundler.
    forceDockerBundling: false,
  };
}
