import type { CalculateRouteMatrixOutput, LocationClient } from '../../../shared/aws/location';
import { createLogger } from '../../../shared/observability/logger';
import { directoryErrors } from '../errors';
import { mapWithConcurrency } from './concurrency';
import { haversineKm, round1 } from './distance';
import type { Point, SitePoint, TravelLeg, TravelRequest, TravelTimes } from './geo.types';

/**
 * What one `CalculateRouteMatrix` call (classic Amazon Location API, route calculator resource)
 * may contain. Source: Amazon Location Service Developer Guide, "Route planning with a route
 * matrix", section "Restrictions on departure and destination positions"
 * (https://docs.aws.amazon.com/location/previous/developerguide/calculate-route-matrix.html#matrix-routing-position-limits),
 * and the API model (DeparturePositions / DestinationPositions: 1 to 350 items).
 */
export interface RouteMatrixLimits {
  maxDepartures: number;
  maxDestinations: number;
  /** Every position of a call lies within this distance of one centre (a circle of twice this diameter). */
  maxRadiusKm: number;
  /** The provider's mode for routes of any length, with fewer routes per call (HERE only). */
  longRoutes?: { maxDepartures: number; maxRoutes: number };
}

/**
 * HERE, the provider infra/constructs/location.ts configures: up to 350 departures and 350
 * destinations, all within a 180 km diameter circle (85 km of radius here: 10 km of margin for
 * our spherical centre and the provider's snapping to roads). "Longer routes": at most 15
 * departures and 100 routes in the call, any distance.
 */
export const HERE_ROUTE_MATRIX_LIMITS: RouteMatrixLimits = {
  maxDepartures: 350,
  maxDestinations: 350,
  maxRadiusKm: 85,
  longRoutes: { maxDepartures: 15, maxRoutes: 100 },
};

/**
 * Esri (same source): up to 10 departures and 10 destinations, any pair within 400 km (all within
 * 195 km of a centre guarantees it); routes over 400 minutes are not completed (error cells).
 */
export const ESRI_ROUTE_MATRIX_LIMITS: RouteMatrixLimits = { maxDepartures: 10, maxDestinations: 10, maxRadiusKm: 195 };

/**
 * Default rate quota of CalculateRouteMatrix, per account and region: 5 requests per second
 * (Amazon Location Service Developer Guide, "Amazon Location Service quotas", adjustable).
 */
export const ROUTE_MATRIX_QUOTA_PER_SECOND = 5;
/**
 * A long computation (the coverage) starts its calls at 4 per second: the quota is shared by the
 * whole account, and "nearest site" requests of users must not be throttled meanwhile.
 */
export const ROUTE_MATRIX_REQUESTS_PER_SECOND = ROUTE_MATRIX_QUOTA_PER_SECOND - 1;
/** Calls in flight at once (each takes about a second; the pacing above is the real bound). */
export const ROUTE_MATRIX_CONCURRENCY = 4;
/**
 * Routes are billed one by one, calls are paced: a call whose departures × destinations would
 * exceed this many times the pairs actually wanted is split instead. On the Lot (312 communes,
 * 24 sites) 1.5 asks 2,037 routes in 73 calls; 1 would ask 1,575 in 225 calls, 2 would ask 2,501
 * in 28 calls (see ADR 0008).
 */
export const MAX_REQUESTED_PER_WANTED = 1.5;

export interface AmazonLocationTravelTimesOptions {
  limits?: RouteMatrixLimits;
  /** `Infinity` disables the pacing (tests, benchmarks with a mocked client). */
  requestsPerSecond?: number;
  concurrency?: number;
}

interface Origin {
  request: TravelRequest;
  candidates: SitePoint[];
}

/** One CalculateRouteMatrix call: its departures, destinations and the pairs wanted from it. */
export interface MatrixCall {
  departures: Origin[];
  destinations: SitePoint[];
}

const logger = createLogger('directory');

/**
 * Travel times by car from Amazon Location's route calculator, asked only for the pairs that
 * matter (each origin to its candidate sites), in as few billed routes as the limits allow:
 * origins are grouped by their nearest candidate, so the origins of one call share most of their
 * candidates, and each call stays within the provider's limits.
 */
export class AmazonLocationTravelTimes implements TravelTimes {
  readonly method = 'amazon-location' as const;
  /** Sum of departures × destinations over all calls sent (billed routes), for the benchmark. */
  requestedPairs = 0;
  private readonly limits: RouteMatrixLimits;
  private readonly intervalMs: number;
  private readonly concurrency: number;
  private nextSlot = 0;

  constructor(
    private readonly client: Pick<LocationClient, 'calculateRouteMatrix'>,
    private readonly calculatorName: string,
    options: AmazonLocationTravelTimesOptions = {},
  ) {
    this.limits = options.limits ?? HERE_ROUTE_MATRIX_LIMITS;
    const rate = options.requestsPerSecond ?? ROUTE_MATRIX_REQUESTS_PER_SECOND;
    this.intervalMs = rate > 0 && Number.isFinite(rate) ? 1000 / rate : 0;
    this.concurrency = options.concurrency ?? ROUTE_MATRIX_CONCURRENCY;
  }

  async legs(requests: TravelRequest[]): Promise<Map<string, TravelLeg[]>> {
    const calls = planMatrixCalls(requests, this.limits);
    const found = new Map<TravelRequest, TravelLeg[]>(requests.map((r) => [r, []]));
    await mapWithConcurrency(calls, this.concurrency, async (call) => {
      const output = await this.send(call);
      call.departures.forEach((origin, i) => {
        const row = output.RouteMatrix?.[i];
        const wanted = new Set(origin.candidates.map((c) => c.id));
        call.destinations.forEach((site, j) => {
          if (!wanted.has(site.id)) return;
          const cell = row?.[j];
          if (!cell || cell.Error || typeof cell.DurationSeconds !== 'number' || typeof cell.Distance !== 'number') return;
          found.get(origin.request)?.push({ siteId: site.id, minutes: round1(cell.DurationSeconds / 60), km: round1(cell.Distance) });
        });
      });
    });
    const out = new Map<string, TravelLeg[]>();
    for (const request of requests) out.set(request.originId, found.get(request) ?? []);
    return out;
  }

  private async send(call: MatrixCall): Promise<CalculateRouteMatrixOutput> {
    await this.pace();
    this.requestedPairs += call.departures.length * call.destinations.length;
    try {
      return await this.client.calculateRouteMatrix({
        CalculatorName: this.calculatorName,
        DeparturePositions: call.departures.map((o) => position(o.request.origin)),
        DestinationPositions: call.destinations.map((s) => position(s.location)),
        TravelMode: 'Car',
        DistanceUnit: 'Kilometers',
      });
    } catch (error) {
      // The client has already retried throttling and transient errors (shared/aws/signed-request.ts).
      logger.error('route matrix call failed', {
        errorName: (error as Error).name,
        departures: call.departures.length,
        destinations: call.destinations.length,
      });
      throw directoryErrors.error('travel-times.unavailable');
    }
  }

  /** Start calls no faster than the rate quota (the SDK would retry throttled calls, at a cost in time). */
  private async pace(): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}

const position = (p: Point): number[] => [p.lon, p.lat];

/**
 * Split the wanted pairs into calls within `limits`. Each origin goes to exactly one call with all
 * its candidates (or, for an origin whose candidates are too spread out, to "long routes" calls or
 * pair by pair), so every pair is requested once.
 */
export function planMatrixCalls(requests: TravelRequest[], limits: RouteMatrixLimits): MatrixCall[] {
  const calls: MatrixCall[] = [];
  const groups = new Map<string, Array<{ origin: Origin; anchorKm: number }>>();
  const spread: Origin[] = [];
  for (const request of requests) {
    const candidates = uniqueById(request.candidates);
    if (candidates.length === 0) continue;
    const origin = { request, candidates };
    const tooMany = candidates.length > limits.maxDestinations;
    if (tooMany || !fitsInCircle([request.origin, ...candidates.map((c) => c.location)], limits.maxRadiusKm)) {
      spread.push(origin);
      continue;
    }
    let anchor = candidates[0] as SitePoint;
    let anchorKm = haversineKm(request.origin, anchor.location);
    for (const c of candidates) {
      const km = haversineKm(request.origin, c.location);
      if (km < anchorKm) {
        anchor = c;
        anchorKm = km;
      }
    }
    const group = groups.get(anchor.id) ?? [];
    group.push({ origin, anchorKm });
    groups.set(anchor.id, group);
  }

  for (const group of groups.values()) {
    // Nearest to the shared site first: the call grows outwards and stays compact.
    group.sort((a, b) => a.anchorKm - b.anchorKm);
    let current: Builder | undefined;
    for (const { origin } of group) {
      if (current?.tryAdd(origin)) continue;
      if (current) calls.push(current.toCall());
      current = new Builder(limits.maxDepartures, limits.maxDestinations, Number.POSITIVE_INFINITY, limits.maxRadiusKm);
      if (!current.tryAdd(origin)) throw new Error('planMatrixCalls: an origin that fits alone was refused');
    }
    if (current) calls.push(current.toCall());
  }

  calls.push(...planSpreadOrigins(spread, limits));
  return calls;
}

/** Origins whose own candidates do not fit in one call: long-route calls, or pair by pair. */
function planSpreadOrigins(spread: Origin[], limits: RouteMatrixLimits): MatrixCall[] {
  const calls: MatrixCall[] = [];
  const long = limits.longRoutes;
  if (long) {
    const perCall = Math.min(long.maxRoutes, limits.maxDestinations);
    let current: Builder | undefined;
    for (const origin of spread) {
      // An origin with more candidates than one call takes is cut into slices of its own.
      for (let i = 0; i < origin.candidates.length; i += perCall) {
        const slice = { request: origin.request, candidates: origin.candidates.slice(i, i + perCall) };
        if (current?.tryAdd(slice)) continue;
        if (current) calls.push(current.toCall());
        current = new Builder(
          Math.min(long.maxDepartures, limits.maxDepartures),
          limits.maxDestinations,
          long.maxRoutes,
          Number.POSITIVE_INFINITY,
        );
        current.tryAdd(slice);
      }
    }
    if (current) calls.push(current.toCall());
    return calls;
  }
  for (const origin of spread) {
    for (const site of origin.candidates) {
      // Beyond twice the radius no call of this provider can hold the pair: it stays unreachable.
      if (fitsInCircle([origin.request.origin, site.location], limits.maxRadiusKm)) {
        calls.push({ departures: [{ request: origin.request, candidates: [site] }], destinations: [site] });
      }
    }
  }
  return calls;
}

/** Accumulates origins into one call while every limit holds. */
class Builder {
  private readonly departures: Origin[] = [];
  private readonly destinations = new Map<string, SitePoint>();
  private readonly points: Point[] = [];
  private wanted = 0;

  constructor(
    private readonly maxDepartures: number,
    private readonly maxDestinations: number,
    private readonly maxRoutes: number,
    private readonly maxRadiusKm: number,
  ) {}

  tryAdd(origin: Origin): boolean {
    const added = origin.candidates.filter((c) => !this.destinations.has(c.id));
    const departures = this.departures.length + 1;
    const destinations = this.destinations.size + added.length;
    const routes = departures * destinations;
    const wanted = this.wanted + origin.candidates.length;
    if (departures > this.maxDepartures || destinations > this.maxDestinations || routes > this.maxRoutes) return false;
    if (this.departures.length > 0 && routes > MAX_REQUESTED_PER_WANTED * wanted) return false;
    const points = [...this.points, origin.request.origin, ...added.map((c) => c.location)];
    if (Number.isFinite(this.maxRadiusKm) && !fitsInCircle(points, this.maxRadiusKm)) return false;
    this.departures.push(origin);
    for (const c of added) this.destinations.set(c.id, c);
    this.points.splice(0, this.points.length, ...points);
    this.wanted = wanted;
    return true;
  }

  toCall(): MatrixCall {
    return { departures: [...this.departures], destinations: [...this.destinations.values()] };
  }
}

/** Whether all points lie within `radiusKm` of the centre of their bounding box. */
export function fitsInCircle(points: Point[], radiusKm: number): boolean {
  if (points.length <= 1) return true;
  let west = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    west = Math.min(west, p.lon);
    east = Math.max(east, p.lon);
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
  }
  const centre = { lon: (west + east) / 2, lat: (south + north) / 2 };
  return points.every((p) => haversineKm(centre, p) <= radiusKm);
}

function uniqueById(sites: SitePoint[]): SitePoint[] {
  const seen = new Map<string, SitePoint>();
  for (const site of sites) if (!seen.has(site.id)) seen.set(site.id, site);
  return [...seen.values()];
}
