/**
 * The directory's geography: points, communes, sites and travel times between them. Two
 * implementations of `TravelTimes` exist: Amazon Location's route matrix (AWS) and a documented
 * estimate from the straight-line distance (local, and wherever no route calculator is set).
 * See docs/adr/0008-travel-times-and-coverage.md.
 */
export interface Point {
  lon: number;
  lat: number;
}

/** Where a commune's coordinates came from (`cache`: learnt earlier and read back from the table). */
export type LocationSource = 'file' | 'cache' | 'geo-api' | 'amazon-location';

export interface CommuneRef {
  code: string;
  name: string;
  departement: string;
  population: number;
  postalCodes: string[];
  location?: Point;
  locationSource?: LocationSource;
}

export interface SitePoint {
  id: string;
  location: Point;
}

export type TravelMethod = 'estimate' | 'amazon-location';

export interface TravelLeg {
  siteId: string;
  minutes: number;
  km: number;
}

export interface TravelRequest {
  /** Unique within one `legs()` call (a commune code, or any id for a single origin). */
  originId: string;
  origin: Point;
  candidates: SitePoint[];
}

export interface TravelTimes {
  readonly method: TravelMethod;
  /** For each request, the legs from its origin to each of its candidates (unreachable ones left out). */
  legs(requests: TravelRequest[]): Promise<Map<string, TravelLeg[]>>;
}

export interface CoverageCommune {
  code: string;
  name: string;
  population: number;
  nearestSiteId: string | null;
  minutes: number | null;
  covered: boolean;
}

export interface CoverageResult {
  thresholdMinutes: number;
  populationTotal: number;
  populationCovered: number;
  rate: number;
  method: TravelMethod;
  communes: CoverageCommune[];
}
