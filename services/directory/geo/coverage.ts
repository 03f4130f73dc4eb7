import type { CommuneRef, CoverageCommune, CoverageResult, SitePoint, TravelLeg, TravelRequest, TravelTimes } from './geo.types';
import { byTravelTime } from './nearest';
import { SiteIndex } from './spatial-index';

/**
 * The coverage promise: the share of the population living at most `thresholdMinutes` by road
 * from a site, computed per commune (its centre) and weighted by population.
 *
 * All communes go to the travel times in one `legs()` call, so a route calculator can batch
 * them. A commune without coordinates, or with no reachable site, counts as not covered.
 */
export async function computeCoverage(
  communes: CommuneRef[],
  sites: SitePoint[],
  travel: TravelTimes,
  thresholdMinutes: number,
): Promise<CoverageResult> {
  const index = new SiteIndex(sites);
  const requests: TravelRequest[] = [];
  if (index.size > 0) {
    for (const commune of communes) {
      if (commune.location)
        requests.push({ originId: commune.code, origin: commune.location, candidates: index.candidates(commune.location) });
    }
  }
  const legs = requests.length > 0 ? await travel.legs(requests) : new Map<string, TravelLeg[]>();

  let populationTotal = 0;
  let populationCovered = 0;
  const rows: CoverageCommune[] = [...communes]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((commune) => {
      const best = [...(legs.get(commune.code) ?? [])].sort(byTravelTime)[0];
      const covered = best !== undefined && best.minutes <= thresholdMinutes;
      const population = Math.max(0, commune.population || 0);
      populationTotal += population;
      if (covered) populationCovered += population;
      return {
        code: commune.code,
        name: commune.name,
        population,
        nearestSiteId: best?.siteId ?? null,
        minutes: best?.minutes ?? null,
        covered,
      };
    });

  return {
    thresholdMinutes,
    populationTotal,
    populationCovered,
    rate: populationTotal > 0 ? populationCovered / populationTotal : 0,
    method: travel.method,
    communes: rows,
  };
}
