import { LocationClient } from '../../../shared/aws/location';
import { settings } from '../../../shared/config/settings';
import { tableEnvName } from '../../../shared/manifest/manifest';
import { traceClient } from '../../../shared/observability/tracer';
import { AmazonLocationTravelTimes } from '../geo/amazon-location';
import { type CommuneLocator, CommuneReference, GeoApiLocator } from '../geo/communes';
import { EstimatedTravelTimes } from '../geo/estimate';
import type { TravelTimes } from '../geo/geo.types';
import { AmazonLocationGeocoder, CommuneCentreGeocoder, type Geocoder } from '../geo/geocoder';
import { AmazonLocationLocator } from '../geo/place-index-locator';
import type { DynamoCommuneCache } from '../store/communes.repository';
import { communeCache } from './communes.deps';

// The wiring of the functions that may call Amazon Location: the commune reference (its place
// index locates a commune no other source placed), the travel times (the route calculator) and the
// site geocoder (the place index). Each function takes the piece it calls, so esbuild leaves the
// others out; the functions that only read stored communes or sites take communes.deps.ts or
// catalogue.deps.ts and carry no Location at all (docs/adr/0053, docs/adr/0061). No directory
// repository here either: a site's writers take the geocoder with the entries' store alone
// (write-deps.ts, entry-deps.ts), the coverage its repository in coverage-deps.ts.

export interface GeoWiring {
  communes: CommuneReference;
  communeCache: DynamoCommuneCache;
  travel: TravelTimes;
  geocoder: Geocoder;
  departement: string;
  thresholdMinutes: number;
}

interface Wired {
  key: string;
  client?: LocationClient | null;
  communes?: CommuneReference;
  travel?: TravelTimes;
  geocoder?: Geocoder;
}

let wired: Wired = { key: '' };

/**
 * The pieces built so far in this process, for the current settings. Each piece is built once per
 * process at first use: Amazon Location when the stack gives its resources (AWS), otherwise the
 * commune centres and the documented road estimate (local). Rebuilt only if the settings they
 * depend on change (the tests' local stacks do, a Lambda never).
 */
function current(): Wired {
  const s = settings();
  const key = JSON.stringify([
    s.RELAIS_DEPARTEMENT,
    s.RELAIS_COMMUNES_FILE,
    s.RELAIS_GEO_API_URL,
    s.RELAIS_PLACE_INDEX,
    s.RELAIS_ROUTE_CALCULATOR,
    s.RELAIS_COVERAGE_THRESHOLD_MINUTES,
    process.env[tableEnvName('directory', 'main')],
  ]);
  if (key !== wired.key) wired = { key };
  return wired;
}

/** One Location client per process, shared by the pieces; none without a place index or route calculator. */
function locationClient(w: Wired): LocationClient | undefined {
  if (w.client === undefined) {
    const s = settings();
    w.client = s.RELAIS_PLACE_INDEX || s.RELAIS_ROUTE_CALCULATOR ? traceClient(new LocationClient({ region: s.AWS_REGION })) : null;
  }
  return w.client ?? undefined;
}

/** The département's communes with their centres: file, cache, then the place index and the State's geo API. */
export function communeReference(): CommuneReference {
  const w = current();
  if (!w.communes) {
    const s = settings();
    const client = locationClient(w);
    const locators: CommuneLocator[] = [];
    if (client && s.RELAIS_PLACE_INDEX) locators.push(new AmazonLocationLocator(client, s.RELAIS_PLACE_INDEX));
    if (s.RELAIS_GEO_API_URL !== 'off') locators.push(new GeoApiLocator(s.RELAIS_GEO_API_URL));
    w.communes = new CommuneReference({ departement: s.RELAIS_DEPARTEMENT, file: s.RELAIS_COMMUNES_FILE, cache: communeCache, locators });
  }
  return w.communes;
}

/** Minutes by road: the route calculator when there is one, else the documented estimate. */
export function travelTimes(): TravelTimes {
  const w = current();
  if (!w.travel) {
    const s = settings();
    const client = locationClient(w);
    w.travel =
      client && s.RELAIS_ROUTE_CALCULATOR ? new AmazonLocationTravelTimes(client, s.RELAIS_ROUTE_CALCULATOR) : new EstimatedTravelTimes();
  }
  return w.travel;
}

/** A site's coordinates from its address: the place index when there is one, else the commune's centre. */
export function geocoder(): Geocoder {
  const w = current();
  if (!w.geocoder) {
    const s = settings();
    const client = locationClient(w);
    const communes = communeReference();
    w.geocoder =
      client && s.RELAIS_PLACE_INDEX
        ? new AmazonLocationGeocoder(client, s.RELAIS_PLACE_INDEX, communes)
        : new CommuneCentreGeocoder(communes);
  }
  return w.geocoder;
}

/**
 * Every piece at once, the sites' catalogue aside (catalogue.deps.ts: it takes the whole directory
 * repository). The local stack's start loads the commune reference through it.
 */
export function geo(): GeoWiring {
  const s = settings();
  return {
    communes: communeReference(),
    communeCache,
    travel: travelTimes(),
    geocoder: geocoder(),
    departement: s.RELAIS_DEPARTEMENT,
    thresholdMinutes: s.RELAIS_COVERAGE_THRESHOLD_MINUTES,
  };
}
