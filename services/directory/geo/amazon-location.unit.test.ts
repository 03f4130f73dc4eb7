import { type CalculateRouteMatrixInput, LocationClient } from '../../../shared/aws/location';
import { ServiceUnavailableError } from '../../../shared/errors/errors';
import { type AwsHttpServer, type ReceivedRequest, startAwsHttpServer, verifySignature } from '../../../shared/testing/aws-http-server';
import { AmazonLocationTravelTimes, ESRI_ROUTE_MATRIX_LIMITS, fitsInCircle, HERE_ROUTE_MATRIX_LIMITS } from './amazon-location';
import { haversineKm, round1 } from './distance';
import type { Point, SitePoint, TravelRequest } from './geo.types';
import { SiteIndex } from './spatial-index';

// A real local HTTP server answering as Amazon Location's route calculator (ADR 0063), and the
// directory's client signed for it.
const CREDENTIALS = { accessKeyId: 'AKIDTESTRELAIS', secretAccessKey: 'test-secret-key' };
let server: AwsHttpServer;
let client: LocationClient;
beforeAll(async () => {
  server = await startAwsHttpServer();
  client = new LocationClient({ endpoint: server.endpoint, region: 'eu-west-3', credentials: CREDENTIALS, retryBaseMs: 1 });
});
afterAll(() => server.close());

const MATRIX_PATH = /^\/routes\/v0\/calculators\/([^/]+)\/calculate\/route-matrix$/;

/** A request as CalculateRouteMatrix's input: the calculator from the path, the rest from the JSON body. */
function inputOf(request: ReceivedRequest): CalculateRouteMatrixInput {
  const name = MATRIX_PATH.exec(request.path)?.[1];
  if (request.method !== 'POST' || name === undefined) throw new Error(`not a route matrix request: ${request.method} ${request.path}`);
  return { CalculatorName: decodeURIComponent(name), ...JSON.parse(request.body) };
}

/** Synthetic route calculator: 1 minute and 1.25 road km per straight-line km. */
function answer(input: CalculateRouteMatrixInput) {
  const departures = input.DeparturePositions ?? [];
  const destinations = input.DestinationPositions ?? [];
  return {
    RouteMatrix: departures.map(([dLon, dLat]) =>
      destinations.map(([tLon, tLat]) => {
        const km = haversineKm({ lon: dLon as number, lat: dLat as number }, { lon: tLon as number, lat: tLat as number });
        return { Distance: km * 1.25, DurationSeconds: km * 60 };
      }),
    ),
    Summary: { DataSource: 'Here', RouteCount: departures.length * destinations.length, ErrorCount: 0, DistanceUnit: 'Kilometers' },
  };
}

const sent = () => server.requests.map(inputOf);
const point = ([lon, lat]: number[]): Point => ({ lon: lon as number, lat: lat as number });

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

/** `n` points in a box around the Lot (about 110 × 110 km), seeded. */
function points(n: number, seed: number, prefix: string): SitePoint[] {
  const next = random(seed);
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, location: { lon: 1.0 + next() * 1.3, lat: 44.2 + next() * 1.0 } }));
}

function requestsFor(origins: SitePoint[], sites: SitePoint[]): TravelRequest[] {
  const index = new SiteIndex(sites);
  return origins.map((o) => ({ originId: o.id, origin: o.location, candidates: index.candidates(o.location) }));
}

/** Every (origin, candidate) pair asked, from the commands actually sent. */
function pairsAsked(requests: TravelRequest[]): Set<string> {
  const byPosition = new Map<string, string[]>();
  const key = (p: Point) => `${p.lon},${p.lat}`;
  for (const r of requests) byPosition.set(key(r.origin), [...(byPosition.get(key(r.origin)) ?? []), r.originId]);
  const sitesAt = new Map<string, string[]>();
  for (const r of requests)
    for (const c of r.candidates) sitesAt.set(key(c.location), [...new Set([...(sitesAt.get(key(c.location)) ?? []), c.id])]);
  const asked = new Set<string>();
  for (const input of sent()) {
    for (const d of input.DeparturePositions ?? []) {
      for (const t of input.DestinationPositions ?? []) {
        for (const o of byPosition.get(key(point(d))) ?? []) for (const s of sitesAt.get(key(point(t))) ?? []) asked.add(`${o}>${s}`);
      }
    }
  }
  return asked;
}

beforeEach(() => {
  server.requests.length = 0;
  server.answer = (request) => ({ status: 200, body: answer(inputOf(request)) });
});

describe('AmazonLocationTravelTimes', () => {
  describe('right paths', () => {
    it('sends car routes in kilometres with [lon, lat] positions and maps each cell back to its origin and site', async () => {
      const travel = new AmazonLocationTravelTimes(client, 'relais-test-routes', { requestsPerSecond: Number.POSITIVE_INFINITY });
      expect(travel.method).toBe('amazon-location');
      const a = { id: 'a', location: { lon: 1.45, lat: 44.46 } };
      const b = { id: 'b', location: { lon: 1.6, lat: 44.5 } };
      const requests = [
        { originId: '46042', origin: { lon: 1.44, lat: 44.45 }, candidates: [a, b] },
        { originId: '46102', origin: { lon: 1.46, lat: 44.47 }, candidates: [a] },
      ];
      const legs = await travel.legs(requests);

      const inputs = sent();
      expect(inputs).toHaveLength(1);
      expect(inputs[0]).toMatchObject({ CalculatorName: 'relais-test-routes', TravelMode: 'Car', DistanceUnit: 'Kilometers' });
      expect(inputs[0]?.DeparturePositions).toHaveLength(2);
      expect(inputs[0]?.DeparturePositions).toEqual(
        expect.arrayContaining([
          [1.44, 44.45],
          [1.46, 44.47],
        ]),
      );
      expect(inputs[0]?.DestinationPositions).toHaveLength(2);
      expect(inputs[0]?.DestinationPositions).toEqual(
        expect.arrayContaining([
          [1.45, 44.46],
          [1.6, 44.5],
        ]),
      );
      const expected = (o: Point, s: SitePoint) => ({
        siteId: s.id,
        minutes: round1(haversineKm(o, s.location)),
        km: round1(haversineKm(o, s.location) * 1.25),
      });
      expect(legs.get('46042')).toEqual([expected(requests[0]!.origin, a), expected(requests[0]!.origin, b)]);
      // 46102 shares the call but only a is its candidate: the extra cell is not passed on.
      expect(legs.get('46102')).toEqual([expected(requests[1]!.origin, a)]);
      expect(travel.requestedPairs).toBe(4);
      // Signed for Amazon Location (`geo`), as AWS checks it.
      expect(verifySignature(server.requests[0]!, CREDENTIALS.secretAccessKey)).toMatchObject({ region: 'eu-west-3', service: 'geo' });
      expect(server.requests[0]?.path).toBe('/routes/v0/calculators/relais-test-routes/calculate/route-matrix');
    });

    it('asks every candidate pair of a département within HERE’s limits, and not much more', async () => {
      const travel = new AmazonLocationTravelTimes(client, 'routes', { requestsPerSecond: Number.POSITIVE_INFINITY });
      const requests = requestsFor(points(1200, 7, 'c'), points(40, 8, 's'));
      const legs = await travel.legs(requests);

      const inputs = sent();
      expect(inputs.length).toBeGreaterThan(1);
      for (const input of inputs) {
        const all = [...(input.DeparturePositions ?? []), ...(input.DestinationPositions ?? [])].map(point);
        expect(input.DeparturePositions?.length).toBeLessThanOrEqual(350);
        expect(input.DestinationPositions?.length).toBeLessThanOrEqual(350);
        // All positions within a 180 km diameter circle: within 90 km of one centre.
        expect(fitsInCircle(all, 90)).toBe(true);
      }
      const wanted = requests.flatMap((r) => r.candidates.map((c) => `${r.originId}>${c.id}`));
      const asked = pairsAsked(requests);
      for (const pair of wanted) expect(asked.has(pair)).toBe(true);
      expect(travel.requestedPairs).toBe(
        inputs.reduce((n, i) => n + (i.DeparturePositions?.length ?? 0) * (i.DestinationPositions?.length ?? 0), 0),
      );
      expect(travel.requestedPairs).toBeLessThanOrEqual(1.5 * wanted.length);
      expect(travel.requestedPairs).toBeLessThan((1200 * 40) / 3);
      for (const r of requests)
        expect(
          legs
            .get(r.originId)
            ?.map((l) => l.siteId)
            .sort(),
        ).toEqual(r.candidates.map((c) => c.id).sort());
    });

    it('splits origins sharing the same sites into calls of at most 350 departures', async () => {
      const travel = new AmazonLocationTravelTimes(client, 'routes', { requestsPerSecond: Number.POSITIVE_INFINITY });
      // Three organisations in one building (a France services house): the same nearest site for all.
      const sites = ['caf', 'cpam', 'msa'].map((id) => ({ id, location: { lon: 1.6, lat: 44.7 } }));
      const origins = points(800, 10, 'c');
      await travel.legs(origins.map((o) => ({ originId: o.id, origin: o.location, candidates: sites })));
      expect(sent().map((i) => [i.DeparturePositions?.length, i.DestinationPositions?.length])).toEqual([
        [350, 3],
        [350, 3],
        [100, 3],
      ]);
      expect(travel.requestedPairs).toBe(2400);
    });

    it('sends origins whose candidates are spread over more than 180 km as "longer routes" calls (≤ 15 departures, ≤ 100 routes)', async () => {
      const travel = new AmazonLocationTravelTimes(client, 'routes', { requestsPerSecond: Number.POSITIVE_INFINITY });
      // An isolated hamlet: its candidates are 100 km west and 100 km east.
      const west = { id: 'west', location: { lon: 0.2, lat: 44.5 } };
      const east = { id: 'east', location: { lon: 2.7, lat: 44.5 } };
      const hamlets = points(40, 11, 'h').map((h) => ({
        originId: h.id,
        origin: { lon: 1.45, lat: h.location.lat },
        candidates: [west, east],
      }));
      const legs = await travel.legs(hamlets);
      const inputs = sent();
      for (const input of inputs) {
        const departures = input.DeparturePositions?.length ?? 0;
        expect(departures).toBeLessThanOrEqual(15);
        expect(departures * (input.DestinationPositions?.length ?? 0)).toBeLessThanOrEqual(100);
      }
      expect(inputs.map((i) => i.DeparturePositions?.length)).toEqual([15, 15, 10]);
      for (const h of hamlets) expect(legs.get(h.originId)).toHaveLength(2);
    });

    it('keeps to Esri’s 10 × 10 when given its limits', async () => {
      const travel = new AmazonLocationTravelTimes(client, 'routes', {
        limits: ESRI_ROUTE_MATRIX_LIMITS,
        requestsPerSecond: Number.POSITIVE_INFINITY,
      });
      const requests = requestsFor(points(200, 12, 'c'), points(30, 13, 's'));
      await travel.legs(requests);
      for (const input of sent()) {
        expect(input.DeparturePositions?.length).toBeLessThanOrEqual(10);
        expect(input.DestinationPositions?.length).toBeLessThanOrEqual(10);
      }
      const asked = pairsAsked(requests);
      for (const r of requests) for (const c of r.candidates) expect(asked.has(`${r.originId}>${c.id}`)).toBe(true);
    });

    it('defaults to HERE’s limits, the provider the stack deploys', () => {
      expect(HERE_ROUTE_MATRIX_LIMITS).toEqual({
        maxDepartures: 350,
        maxDestinations: 350,
        maxRadiusKm: 85,
        longRoutes: { maxDepartures: 15, maxRoutes: 100 },
      });
    });

    it('starts no more than 4 calls per second by default, under the quota of 5', async () => {
      const travel = new AmazonLocationTravelTimes(client, 'routes');
      const far = (i: number) => ({ id: `s${i}`, location: { lon: -4 + i * 4, lat: 47 } });
      const started = Date.now();
      // Three sites 300 km apart: three calls.
      await travel.legs([0, 1, 2].map((i) => ({ originId: `o${i}`, origin: far(i).location, candidates: [far(i)] })));
      expect(sent()).toHaveLength(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(490);
    });
  });

  describe('wrong paths', () => {
    it('leaves out cells in error, null cells and missing rows', async () => {
      server.answer = () => ({
        status: 200,
        body: {
          RouteMatrix: [[{ Error: { Code: 'RouteNotFound', Message: 'no route' } }, { Distance: 12.34, DurationSeconds: 600 }, {}]],
          Summary: { DataSource: 'Here', RouteCount: 3, ErrorCount: 1, DistanceUnit: 'Kilometers' },
        },
      });
      const travel = new AmazonLocationTravelTimes(client, 'routes', { requestsPerSecond: Number.POSITIVE_INFINITY });
      const sites = [0, 1, 2].map((i) => ({ id: `s${i}`, location: { lon: 1.4 + i / 100, lat: 44.4 } }));
      const legs = await travel.legs([
        { originId: 'island', origin: { lon: 1.41, lat: 44.41 }, candidates: sites },
        { originId: 'second-row-missing', origin: { lon: 1.411, lat: 44.41 }, candidates: sites },
      ]);
      expect(legs.get('island')).toEqual([{ siteId: 's1', minutes: 10, km: 12.3 }]);
      expect(legs.get('second-row-missing')).toEqual([]);
    });

    it('sends nothing for origins without candidates', async () => {
      const travel = new AmazonLocationTravelTimes(client, 'routes', { requestsPerSecond: Number.POSITIVE_INFINITY });
      const legs = await travel.legs([{ originId: 'alone', origin: { lon: 1.4, lat: 44.4 }, candidates: [] }]);
      expect(legs.get('alone')).toEqual([]);
      expect(sent()).toHaveLength(0);
      expect(travel.requestedPairs).toBe(0);
    });

    it('answers 503 when the route calculator fails, after the client’s retries', async () => {
      server.answer = () => ({ status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } });
      const travel = new AmazonLocationTravelTimes(client, 'routes', { requestsPerSecond: Number.POSITIVE_INFINITY });
      const site = { id: 's', location: { lon: 1.4, lat: 44.4 } };
      const failure = travel.legs([{ originId: 'o', origin: { lon: 1.41, lat: 44.41 }, candidates: [site] }]);
      await expect(failure).rejects.toBeInstanceOf(ServiceUnavailableError);
      await expect(failure).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/temps de trajet/) });
      // Throttled: retried as the SDK would, three attempts in all.
      expect(sent()).toHaveLength(3);
    });

    it.each([
      ['the calculator does not exist', 404, 'ResourceNotFoundException'],
      ['the function may not call it', 403, 'AccessDeniedException'],
      ['it refuses the positions', 400, 'ValidationException'],
    ])('answers 503 at once when %s (%s %s)', async (_, status, name) => {
      server.answer = () => ({ status, headers: { 'x-amzn-errortype': name }, body: { message: 'no' } });
      const travel = new AmazonLocationTravelTimes(client, 'routes', { requestsPerSecond: Number.POSITIVE_INFINITY });
      const site = { id: 's', location: { lon: 1.4, lat: 44.4 } };
      await expect(travel.legs([{ originId: 'o', origin: { lon: 1.41, lat: 44.41 }, candidates: [site] }])).rejects.toBeInstanceOf(
        ServiceUnavailableError,
      );
      expect(sent()).toHaveLength(1);
    });
  });
});
