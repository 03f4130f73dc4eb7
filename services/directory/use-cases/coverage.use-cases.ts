import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { computeCoverage } from '../geo/coverage';
import type { CommuneReference } from '../geo/communes';
import type { TravelTimes } from '../geo/geo.types';
import type { Clock, DirectoryRepository } from '../domain/directory.ports';
import type { Coverage } from '../domain/directory.schema';
import { CoverageComputed } from '../events/directory.events';

export interface CoverageDeps {
  repository: DirectoryRepository;
  clock: Clock;
  communes: CommuneReference;
  travel: TravelTimes;
  departement: string;
  thresholdMinutes: number;
}

/** How long site changes must stay quiet before the coverage is recomputed (an import moves many). */
export const COVERAGE_DEBOUNCE_MS = 60_000;

/**
 * Compute the 30-minute coverage of the département.
 * Primary course: the département's communes with their centres and populations → minutes by
 * road to the nearest unconditional reception point → population-weighted rate → stored as the
 * latest coverage and announced by `CoverageComputed` in the same transaction.
 * Without commune coordinates from any source: 503 saying how to provide them.
 */
export function makeComputeCoverage(deps: CoverageDeps) {
  return {
    async execute(correlationId?: string): Promise<Coverage> {
      const communes = await deps.communes.loadWithLocations();
      const sites = (await deps.repository.allSites()).filter((s) => s.unconditionalReception);
      const result = await computeCoverage(
        communes,
        sites.map((s) => ({ id: s.id, location: s.location })),
        deps.travel,
        deps.thresholdMinutes,
      );
      const located = new Map(communes.map((c) => [c.code, c.location]));
      const now = deps.clock.now();
      const coverage: Coverage = {
        ...result,
        computedAt: now.toISOString(),
        departement: deps.departement,
        communes: result.communes.map((c) => ({ ...c, location: located.get(c.code) ?? { lon: 0, lat: 0 } })),
      };
      const uow = new UnitOfWork();
      deps.repository.saveCoverage(uow, coverage);
      deps.repository.publish(
        uow,
        CoverageComputed.create(
          {
            departement: coverage.departement,
            computedAt: coverage.computedAt,
            thresholdMinutes: coverage.thresholdMinutes,
            method: coverage.method,
            populationTotal: coverage.populationTotal,
            populationCovered: coverage.populationCovered,
            rate: coverage.rate,
            communes: coverage.communes.length,
            communesUncovered: coverage.communes.filter((c) => !c.covered).length,
          },
          { correlationId, now },
        ),
      );
      await uow.commit();
      return coverage;
    },
  };
}

/** The latest coverage; computed now the first time (a fresh install). */
export function makeGetCoverage(deps: CoverageDeps) {
  const compute = makeComputeCoverage(deps);
  return {
    async execute(correlationId?: string): Promise<Coverage> {
      return (await deps.repository.getCoverage()) ?? compute.execute(correlationId);
    },
  };
}

/**
 * The scheduled pass: recompute when sites changed and have been quiet for a minute (debounce),
 * or unconditionally (the nightly run: populations and road data change too).
 */
export function makeRefreshCoverage(deps: CoverageDeps) {
  const compute = makeComputeCoverage(deps);
  return {
    async execute(options: { force: boolean }): Promise<'computed' | 'waiting' | 'nothing-to-do'> {
      const requestedAt = await deps.repository.pendingCoverageRequest();
      if (!options.force) {
        if (!requestedAt) return 'nothing-to-do';
        if (deps.clock.now().getTime() - Date.parse(requestedAt) < COVERAGE_DEBOUNCE_MS) return 'waiting';
      }
      await compute.execute();
      if (requestedAt) await deps.repository.clearCoverageRequest(requestedAt);
      return 'computed';
    },
  };
}
