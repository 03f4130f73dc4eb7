/**
 * `npm run bench`: speed and size, as ratios against a baseline measured in the same run.
 * Prints tables; exits 1 when a target is missed, so `npm run check` notices.
 */
import './env';
import { benchApiOverhead } from './api-overhead';

const round = (n: number | null) => (n === null || Number.isNaN(n) ? null : Math.round(n * 100) / 100);

async function main(): Promise<void> {
  let failed = false;

  console.log('\nSurcoût de l’API (p50/p99 en ms, même exécution)');
  const latency = await benchApiOverhead(Number(process.env.BENCH_ITERATIONS ?? 1000));
  console.table(latency.map((r) => ({ ...r, p50ms: round(r.p50ms), p99ms: round(r.p99ms), ratioP50: round(r.ratioP50) })));
  failed ||= latency.some((r) => r.ok === false);

  try {
    const { benchBundles } = require('./bundles') as { benchBundles: () => Promise<Array<Record<string, unknown>>> };
    console.log('\nPaquets Lambda (taille minifiée, temps de chargement du module / hello-world)');
    const bundles = await benchBundles();
    console.table(bundles);
    failed ||= bundles.some((r) => r.ok === false);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    console.log('\n(benchmark des paquets Lambda absent)');
    failed = true;
  }

  failed = !(await (await import('./coverage')).reportCoverage()) || failed;
  failed = !(await (await import('./person-search')).reportPersonSearch()) || failed;
  failed = !(await (await import('./indicators')).reportIndicators()) || failed;
  failed = !(await (await import('./policy')).reportPolicy()) || failed;
  failed = !(await (await import('./pages')).reportPages()) || failed;
  if (failed) {
    console.log('\nAu moins une cible n’est pas atteinte.');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
