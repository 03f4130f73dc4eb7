import type { TravelLeg, TravelRequest, TravelTimes } from './geo.types';
import { nearestSites } from './nearest';
import { SiteIndex } from './spatial-index';

const origin = { lon: 1.44, lat: 44.45 };
/** A point `km` due north of the origin. */
const north = (km: number) => ({ lon: origin.lon, lat: origin.lat + km / 111.195 });

/** Road times given per site (a river without a bridge makes the closest site the slowest). */
class FixedTravelTimes implements TravelTimes {
  readonly method = 'estimate' as const;
  readonly calls: TravelRequest[][] = [];
  constructor(private readonly bySite: Record<string, { minutes: number; km: number } | undefined>) {}
  async legs(requests: TravelRequest[]): Promise<Map<string, TravelLeg[]>> {
    this.calls.push(requests);
    return new Map(
      requests.map((r) => [
        r.originId,
        r.candidates.flatMap((c) => {
          const leg = this.bySite[c.id];
          return leg ? [{ siteId: c.id, ...leg }] : [];
        }),
      ]),
    );
  }
}

const sites = [
  { id: 'across-the-river', location: north(2) },
  { id: 'b', location: north(5) },
  { id: 'c', location: north(6) },
  { id: 'd', location: north(7) },
  { id: 'e', location: north(8) },
  { id: 'f', location: north(9) },
  { id: 'far-away', location: north(100) },
];

describe('nearestSites', () => {
  it('orders by road minutes, not by straight line, then by km', async () => {
    const travel = new FixedTravelTimes({
      'across-the-river': { minutes: 45, km: 40 },
      b: { minutes: 12, km: 9 },
      c: { minutes: 10, km: 8 },
      d: { minutes: 10, km: 7.5 },
      e: { minutes: 20, km: 15 },
      f: { minutes: 21, km: 16 },
    });
    const legs = await nearestSites(origin, new SiteIndex(sites), travel, 3);
    expect(legs.map((l) => l.siteId)).toEqual(['d', 'c', 'b']);
    expect(legs[0]).toEqual({ siteId: 'd', minutes: 10, km: 7.5 });
  });

  it('asks travel times once, for the candidates only (at least limit + 2 of them), never for far sites', async () => {
    const travel = new FixedTravelTimes({});
    await nearestSites(origin, new SiteIndex(sites), travel, 4);
    expect(travel.calls).toHaveLength(1);
    const asked = travel.calls[0]?.[0]?.candidates.map((c) => c.id) ?? [];
    expect(asked.length).toBeGreaterThanOrEqual(6);
    expect(asked).not.toContain('far-away');
    expect(travel.calls[0]?.[0]?.origin).toEqual(origin);
  });

  it('leaves out unreachable sites and answers at most `limit` legs', async () => {
    const travel = new FixedTravelTimes({ b: { minutes: 12, km: 9 }, c: { minutes: 10, km: 8 } });
    expect((await nearestSites(origin, new SiteIndex(sites), travel, 5)).map((l) => l.siteId)).toEqual(['c', 'b']);
    expect(await nearestSites(origin, new SiteIndex(sites), travel, 1)).toEqual([{ siteId: 'c', minutes: 10, km: 8 }]);
  });

  it('answers nothing without sites or with a zero limit, without asking travel times', async () => {
    const travel = new FixedTravelTimes({});
    expect(await nearestSites(origin, new SiteIndex([]), travel, 3)).toEqual([]);
    expect(await nearestSites(origin, new SiteIndex(sites), travel, 0)).toEqual([]);
    expect(travel.calls).toHaveLength(0);
  });
});
