import { haversineKm, round1 } from './distance';
import type { Point, TravelLeg, TravelRequest, TravelTimes } from './geo.types';

/**
 * Travel times by car estimated from the straight-line distance, used wherever no route
 * calculator is configured (local stack, tests, benchmarks). The reasoning and sources are in
 * docs/adr/0008-travel-times-and-coverage.md; in short:
 *
 *   road km  = great-circle km × ROAD_DETOUR_FACTOR
 *   minutes  = ACCESS_MINUTES
 *            + min(road km, TOWN_ROAD_KM) at TOWN_SPEED_KMH
 *            + the rest at OPEN_ROAD_SPEED_KMH
 */

/**
 * Road distance / straight-line distance ("circuity" or detour index). Measured values for road
 * networks run from about 1.2 (random urban trips, Newell 1980) upwards; national factors are
 * higher in Europe than in the USA (Ballou, Rahardja & Sakai 2002; Kim et al. 2015 place South
 * Korea's 1.26 between the two, with 1.435 in its mountainous Gangwon province), and short trips
 * are more circuitous than long ones. 1.3 suits short rural trips in France, where departmental
 * roads follow valleys and ridges (the Lot's causses and gorges). To calibrate against the route
 * calculator once it runs on the département's communes.
 */
export const ROAD_DETOUR_FACTOR = 1.3;
/** Road km driven at town speed: leaving a village and entering the town of the site (~1 km each). */
export const TOWN_ROAD_KM = 2;
/** Built-up areas: 50 km/h limit or less, crossings, roundabouts, parking; 40 km/h on average. */
export const TOWN_SPEED_KMH = 40;
/**
 * Departmental roads between villages: 80 km/h limit (90 on some since 2020), bends, slopes and
 * villages crossed; 65 km/h is a typical average door to door on such roads, below the limit.
 */
export const OPEN_ROAD_SPEED_KMH = 65;
/** Getting to the car, parking and walking to the door: a fixed 2 minutes. */
export const ACCESS_MINUTES = 2;

/** The estimated leg from `from` to `to`: road km and minutes, both to 0.1. */
export function estimateLeg(from: Point, to: Point): { minutes: number; km: number } {
  const roadKm = haversineKm(from, to) * ROAD_DETOUR_FACTOR;
  const townKm = Math.min(roadKm, TOWN_ROAD_KM);
  const openKm = roadKm - townKm;
  const minutes = ACCESS_MINUTES + (townKm / TOWN_SPEED_KMH) * 60 + (openKm / OPEN_ROAD_SPEED_KMH) * 60;
  return { minutes: round1(minutes), km: round1(roadKm) };
}

export class EstimatedTravelTimes implements TravelTimes {
  readonly method = 'estimate' as const;

  async legs(requests: TravelRequest[]): Promise<Map<string, TravelLeg[]>> {
    const out = new Map<string, TravelLeg[]>();
    for (const request of requests) {
      out.set(
        request.originId,
        request.candidates.map((site) => ({ siteId: site.id, ...estimateLeg(request.origin, site.location) })),
      );
    }
    return out;
  }
}
