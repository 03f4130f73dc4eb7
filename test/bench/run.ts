/**
 * `npm run bench`: speed and size, as ratios against a baseline measured in the same run.
 * Prints tables; exits 1 when a target is missed, so `npm run check` notices.
 * `BENCH_ONLY=bundles npm run bench` runs one part alone (names: api, bundles, coverage,
 * person-search, write-load, indicators, policy, pages; comma-separated for several).
 */
import './env';
import { benchApiOverhead } from './api-overhead';

const round = (n: number | null) => (n === null || Number.isNaN(n) ? null : Math.round(n * 100) / 100);

const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const runs = (part: string) => !only || only.has(part);

async function main(): Promise<void> {
  let failed = false;

  if (runs('api')) {
    console.log('\nSurcoût de l’API (p50/p99 en ms, même exécution)');
    const latency = await benchApiOverhead(Number(process.env.BENCH_ITERATIONS ?? 1000));
    console.table(latency.map((r) => ({ ...r, p50ms: round(r.p50ms), p99ms: round(r.p99ms), ratioP50: round(r.ratioP50) })));
    failed ||= latency.some((r) => r.ok === false);
  }

  if (runs('bundles')) {
    const { benchBundles } = await import('./bundles');
    console.log('\nPaquets Lambda (octets minifiés, chargement du module ; ratios au gestionnaire plancher : un GetItem, SDK v3)');
    const bundles = await benchBundles();
    console.table(bundles);
    failed ||= bundles.some((r) => r.ok === false);
  }

  if (runs('coverage')) failed = !(await (await import('./coverage')).reportCoverage()) || failed;
  if (runs('person-search')) failed = !(await (await import('./person-search')).reportPersonSearch()) || failed;
  if (runs('write-load')) failed = !(await (await import('./write-load')).reportWriteLoad()) || failed;
  if (runs('indicators')) failed = !(await (await import('./indicators')).reportIndicators()) || failed;
  if (runs('policy')) failed = !(await (await import('./policy')).reportPolicy()) || failed;
  if (runs('pages')) failed = !(await (await import('./pages')).reportPages()) || failed;
  if (failed) {
    console.log('\nAu moins une cible n’est pas atteinte.');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
