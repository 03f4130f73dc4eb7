/**
 * Coverage benchmark: the 30-minute coverage computed for the whole of metropolitan France, and
 * the number of routes the AWS path would pay for in that same case.
 *
 * Like the tests, the bench reads the reference data of the design folder beside the checkout
 * (`../shared/data/communes-centroids.csv`); populations come from @etalab/decoupage-administratif.
 */
import { join } from 'node:path';
import { AmazonLocationTravelTimes } from '../../services/directory/geo/amazon-location';
import { readCommunesFile } from '../../services/directory/geo/communes';
import { computeCoverage } from '../../services/directory/geo/coverage';
import { EstimatedTravelTimes, estimateLeg } from '../../services/directory/geo/estimate';
import type { CommuneRef, SitePoint } from '../../services/directory/geo/geo.types';
import { SiteIndex } from '../../services/directory/geo/spatial-index';
import type { CalculateRouteMatrixInput } from '../../shared/aws/location';

const CENTROIDS = join(__dirname, '..', '..', '..', 'shared', 'data', 'communes-centroids.csv');
const SITES = 3000;
const SEED = 46;
const RUNS = 3;
const THRESHOLD_MINUTES = 30;
const TARGET_MS = 2000;
const TARGET_PAIR_SHARE = 0.02;

export interface CoverageBenchRow {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  target: string;
  ok: boolean;
}

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

function franceCase(): { communes: CommuneRef[]; sites: SitePoint[] } {
  const populations = new Map<string, number>();
  const official = require('@etalab/decoupage-administratif/data/communes.json') as Array<{
    code: string;
    type: string;
    population?: number;
  }>;
  for (const c of official) if (c.type === 'commune-actuelle') populations.set(c.code, c.population ?? 0);
  const communes: CommuneRef[] = [...readCommunesFile(CENTROIDS).values()].map((row) => ({
    code: row.code,
    name: row.name,
    departement: row.departement,
    population: populations.get(row.code) ?? 0,
    postalCodes: [],
    location: row.location,
    locationSource: 'file',
  }));
  // Sites at real commune centres: a seeded Fisher–Yates shuffle, the first 3,000.
  const next = random(SEED);
  const order = communes.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const sites = order.slice(0, SITES).map((i) => {
    const c = communes[i] as CommuneRef;
    return { id: `site-${c.code}`, location: c.location as SitePoint['location'] };
  });
  return { communes, sites };
}

async function medianMs(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn(); // warm-up: JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

/** A route calculator that answers the estimate for every cell, counting nothing itself. */
function syntheticRouteMatrix(input: CalculateRouteMatrixInput) {
  const destinations = (input.DestinationPositions ?? []).map(([lon, lat]) => ({ lon: lon as number, lat: lat as number }));
  return {
    RouteMatrix: (input.DeparturePositions ?? []).map(([lon, lat]) =>
      destinations.map((to) => {
        const leg = estimateLeg({ lon: lon as number, lat: lat as number }, to);
        return { Distance: leg.km, DurationSeconds: leg.minutes * 60 };
      }),
    ),
    Summary: { DataSource: 'Here', RouteCount: 0, ErrorCount: 0, DistanceUnit: 'Kilometers' },
    $metadata: { httpStatusCode: 200, attempts: 1 },
  };
}

export async function benchCoverage(): Promise<CoverageBenchRow[]> {
  const { communes, sites } = franceCase();
  const estimate = new EstimatedTravelTimes();

  // Baseline: the least any straight-line answer costs, i.e. index the sites and find each
  // commune's nearest one. The coverage adds candidates, travel times and the weighting.
  const baselineMs = await medianMs(RUNS, () => {
    const index = new SiteIndex(sites);
    let found = 0;
    for (const c of communes) if (c.location) found += index.candidates(c.location, { k: 1, radiusKm: 0 }).length;
    return found;
  });
  let estimated = await computeCoverage(communes, sites, estimate, THRESHOLD_MINUTES);
  const coverageMs = await medianMs(RUNS, async () => {
    estimated = await computeCoverage(communes, sites, estimate, THRESHOLD_MINUTES);
  });

  // The AWS path on the same case, against a synthetic route calculator: the routes it would be billed for.
  let calls = 0;
  const client = {
    calculateRouteMatrix: async (input: CalculateRouteMatrixInput) => {
      calls++;
      return syntheticRouteMatrix(input);
    },
  };
  const routes = new AmazonLocationTravelTimes(client, 'bench-routes', { requestsPerSecond: Number.POSITIVE_INFINITY, concurrency: 64 });
  const viaRoutes = await computeCoverage(communes, sites, routes, THRESHOLD_MINUTES);
  const naive = communes.length * sites.length;
  // Same answers cell by cell, so the same coverage: otherwise a wanted pair was never asked.
  const sameCoverage =
    viaRoutes.populationCovered === estimated.populationCovered &&
    viaRoutes.communes.every((c, i) => c.minutes === estimated.communes[i]?.minutes);

  const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
  return [
    {
      name: `Couverture France (${communes.length} communes × ${sites.length} lieux, estimation), taux ${round(estimated.rate * 100, 1)} %`,
      value: round(coverageMs),
      unit: 'ms (médiane de 3)',
      baseline: round(baselineMs),
      ratio: round(coverageMs / baselineMs),
      target: `< ${TARGET_MS} ms`,
      ok: coverageMs < TARGET_MS,
    },
    {
      name: `Routes demandées à Amazon Location, même cas (${calls} appels${sameCoverage ? '' : ', RÉSULTAT DIFFÉRENT'})`,
      value: routes.requestedPairs,
      unit: 'paires',
      baseline: naive,
      ratio: round(routes.requestedPairs / naive, 5),
      target: `≤ ${TARGET_PAIR_SHARE * 100} % de communes × lieux`,
      ok: sameCoverage && routes.requestedPairs <= TARGET_PAIR_SHARE * naive,
    },
  ];
}

/** Prints the table; true when every target is met. */
export async function reportCoverage(): Promise<boolean> {
  console.log('\nCouverture à 30 minutes, France métropolitaine (même exécution : ms, paires de routes)');
  const rows = await benchCoverage();
  console.table(rows);
  return rows.every((r) => r.ok);
}
