import type { Point, TravelLeg, TravelTimes } from './geo.types';
import type { SiteIndex } from './spatial-index';

const ORIGIN_ID = 'origin';

/** Legs by minutes, then kilometres, then site id (a stable order for equal times). */
export function byTravelTime(a: TravelLeg, b: TravelLeg): number {
  return a.minutes - b.minutes || a.km - b.km || (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0);
}

/**
 * The `limit` sites nearest to `origin` by road. Travel times are asked only for the sites that
 * could be nearest (the index's candidates, at least `limit + 2` of them), never for all sites.
 */
export async function nearestSites(origin: Point, index: SiteIndex, travel: TravelTimes, limit: number): Promise<TravelLeg[]> {
  if (limit <= 0 || index.size === 0) return [];
  const candidates = index.candidates(origin, { k: Math.max(limit + 2, 5) });
  const legs = await travel.legs([{ originId: ORIGIN_ID, origin, candidates }]);
  return [...(legs.get(ORIGIN_ID) ?? [])].sort(byTravelTime).slice(0, limit);
}
