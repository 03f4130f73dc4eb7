import { computeCoverage } from './coverage';
import { EstimatedTravelTimes } from './estimate';
import type { CommuneRef, TravelLeg, TravelRequest, TravelTimes } from './geo.types';

const cahors = { lon: 1.4421, lat: 44.4475 };
const north = (km: number) => ({ lon: cahors.lon, lat: cahors.lat + km / 111.195 });

function commune(code: string, population: number, location = cahors): CommuneRef {
  return { code, name: `Commune ${code}`, departement: '46', population, postalCodes: [], location, locationSource: 'file' };
}

/** Minutes per commune and site, and a record of the calls. */
class TableTravelTimes implements TravelTimes {
  readonly method = 'amazon-location' as const;
  readonly calls: TravelRequest[][] = [];
  constructor(private readonly minutes: Record<string, Record<string, number>>) {}
  async legs(requests: TravelRequest[]): Promise<Map<string, TravelLeg[]>> {
    this.calls.push(requests);
    return new Map(
      requests.map((r) => [
        r.originId,
        r.candidates.flatMap((c) => {
          const m = this.minutes[r.originId]?.[c.id];
          return m === undefined ? [] : [{ siteId: c.id, minutes: m, km: m }];
        }),
      ]),
    );
  }
}

describe('computeCoverage', () => {
  describe('right paths', () => {
    it('weights by population, keeps the nearest site by minutes, and counts the threshold itself as covered', async () => {
      const sites = [
        { id: 'x', location: north(1) },
        { id: 'y', location: north(3) },
      ];
      const travel = new TableTravelTimes({
        '46003': { x: 45, y: 31 },
        '46001': { x: 12, y: 8 },
        '46002': { x: 30, y: 40 },
      });
      const result = await computeCoverage([commune('46003', 100), commune('46001', 600), commune('46002', 300)], sites, travel, 30);
      expect(result).toEqual({
        thresholdMinutes: 30,
        populationTotal: 1000,
        populationCovered: 900,
        rate: 0.9,
        method: 'amazon-location',
        communes: [
          { code: '46001', name: 'Commune 46001', population: 600, nearestSiteId: 'y', minutes: 8, covered: true },
          { code: '46002', name: 'Commune 46002', population: 300, nearestSiteId: 'x', minutes: 30, covered: true },
          { code: '46003', name: 'Commune 46003', population: 100, nearestSiteId: 'y', minutes: 31, covered: false },
        ],
      });
    });

    it('asks travel times in one call for all communes, each with its candidate sites', async () => {
      const travel = new TableTravelTimes({});
      const communes = [commune('46001', 1, north(0)), commune('46002', 1, north(10)), commune('46003', 1, north(20))];
      await computeCoverage(communes, [{ id: 'x', location: north(5) }], travel, 30);
      expect(travel.calls).toHaveLength(1);
      expect(travel.calls[0]?.map((r) => r.originId)).toEqual(['46001', '46002', '46003']);
      expect(travel.calls[0]?.every((r) => r.candidates.map((c) => c.id).join() === 'x')).toBe(true);
    });

    it('uses the travel method it was given (estimate)', async () => {
      const result = await computeCoverage(
        [commune('46001', 10, north(0)), commune('46002', 30, north(40))],
        [{ id: 'x', location: north(1) }],
        new EstimatedTravelTimes(),
        30,
      );
      expect(result.method).toBe('estimate');
      expect(result.communes.map((c) => c.covered)).toEqual([true, false]);
      expect(result.rate).toBe(0.25);
    });
  });

  describe('without sites, places or people', () => {
    it('leaves every commune without a nearest site when there is no site, and asks nothing', async () => {
      const travel = new TableTravelTimes({});
      const result = await computeCoverage([commune('46002', 5), commune('46001', 7)], [], travel, 30);
      expect(travel.calls).toHaveLength(0);
      expect(result.populationTotal).toBe(12);
      expect(result.populationCovered).toBe(0);
      expect(result.rate).toBe(0);
      expect(result.communes).toEqual([
        { code: '46001', name: 'Commune 46001', population: 7, nearestSiteId: null, minutes: null, covered: false },
        { code: '46002', name: 'Commune 46002', population: 5, nearestSiteId: null, minutes: null, covered: false },
      ]);
    });

    it('counts a commune with no reachable site, or no coordinates, as not covered', async () => {
      const travel = new TableTravelTimes({ '46001': {} });
      const { location: _, ...unplaced } = commune('46002', 50);
      const result = await computeCoverage([commune('46001', 50), unplaced], [{ id: 'x', location: north(1) }], travel, 30);
      expect(travel.calls[0]?.map((r) => r.originId)).toEqual(['46001']);
      expect(result.communes.map((c) => [c.code, c.nearestSiteId, c.minutes, c.covered])).toEqual([
        ['46001', null, null, false],
        ['46002', null, null, false],
      ]);
      expect(result.populationTotal).toBe(100);
    });

    it('answers a rate of 0 when nobody lives there', async () => {
      const result = await computeCoverage([commune('46001', 0)], [{ id: 'x', location: cahors }], new EstimatedTravelTimes(), 30);
      expect(result.communes[0]?.covered).toBe(true);
      expect(result.rate).toBe(0);
    });
  });
});
