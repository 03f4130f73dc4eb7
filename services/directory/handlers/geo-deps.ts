import { LocationClient } from '@aws-sdk/client-location';
import { settings } from '../../../shared/config/settings';
import { tableEnvName } from '../../../shared/manifest/manifest';
import { AmazonLocationTravelTimes } from '../geo/amazon-location';
import { AmazonLocationLocator, CommuneReference, type CommuneLocator, GeoApiLocator } from '../geo/communes';
import { EstimatedTravelTimes } from '../geo/estimate';
import { AmazonLocationGeocoder, CommuneCentreGeocoder, type Geocoder } from '../geo/geocoder';
import type { TravelTimes } from '../geo/geo.types';
import { DynamoCommuneCache } from '../store/communes.repository';
import { SiteCatalogue } from '../use-cases/nearest.use-cases';
import { directoryDeps } from './deps';
import { traceClient } from '../../../shared/observability/tracer';

export interface GeoWiring {
  communes: CommuneReference;
  communeCache: DynamoCommuneCache;
  travel: TravelTimes;
  geocoder: Geocoder;
  catalogue: SiteCatalogue;
  departement: string;
  thresholdMinutes: number;
}

let wiring: GeoWiring | undefined;
let wiredFor = '';

/**
 * Geography wiring, built once per process at first use: Amazon Location when the stack gives
 * its resources (AWS), otherwise the commune centres and the documented road estimate (local).
 */
export function geo(): GeoWiring {
  const s = settings();
  // One wiring per process; rebuilt only if the settings it depends on change (the tests'
  // local stacks do, a Lambda never).
  const key = JSON.stringify([
    s.RELAIS_DEPARTEMENT,
    s.RELAIS_COMMUNES_FILE,
    s.RELAIS_GEO_API_URL,
    s.RELAIS_PLACE_INDEX,
    s.RELAIS_ROUTE_CALCULATOR,
    s.RELAIS_COVERAGE_THRESHOLD_MINUTES,
    process.env[tableEnvName('directory', 'main')],
  ]);
  if (wiring && key === wiredFor) return wiring;
  wiredFor = key;
  const client = s.RELAIS_PLACE_INDEX || s.RELAIS_ROUTE_CALCULATOR ? traceClient(new LocationClient({ region: s.AWS_REGION })) : undefined;
  const locators: CommuneLocator[] = [];
  if (client && s.RELAIS_PLACE_INDEX) locators.push(new AmazonLocationLocator(client, s.RELAIS_PLACE_INDEX));
  if (s.RELAIS_GEO_API_URL !== 'off') locators.push(new GeoApiLocator(s.RELAIS_GEO_API_URL));
  const communeCache = new DynamoCommuneCache();
  const communes = new CommuneReference({ departement: s.RELAIS_DEPARTEMENT, file: s.RELAIS_COMMUNES_FILE, cache: communeCache, locators });
  wiring = {
    communes,
    communeCache,
    travel:
      client && s.RELAIS_ROUTE_CALCULATOR ? new AmazonLocationTravelTimes(client, s.RELAIS_ROUTE_CALCULATOR) : new EstimatedTravelTimes(),
    geocoder:
      client && s.RELAIS_PLACE_INDEX
        ? new AmazonLocationGeocoder(client, s.RELAIS_PLACE_INDEX, communes)
        : new CommuneCentreGeocoder(communes),
    catalogue: new SiteCatalogue(directoryDeps.repository),
    departement: s.RELAIS_DEPARTEMENT,
    thresholdMinutes: s.RELAIS_COVERAGE_THRESHOLD_MINUTES,
  };
  return wiring;
}

export const coverageDeps = () => ({ ...directoryDeps, ...geo() });
