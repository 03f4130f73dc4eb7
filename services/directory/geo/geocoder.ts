import type { LocationClient } from '../../../shared/aws/location';
import { createLogger } from '../../../shared/observability/logger';
import { normalizeText } from '../../../shared/validation/text';
import type { CommuneReference } from './communes';
import { haversineKm } from './distance';
import type { Point } from './geo.types';

export interface GeocodeInput {
  address: string;
  communeCode: string;
  postalCode?: string;
}

export interface GeocodeResult {
  location: Point;
  source: 'amazon-location' | 'commune-centre';
}

/** Coordinates for a site's address. */
export interface Geocoder {
  geocode(input: GeocodeInput): Promise<GeocodeResult>;
}

/** A result farther than this from the commune's centre is another place with the same name. */
export const MAX_KM_FROM_COMMUNE_CENTRE = 20;

const logger = createLogger('directory');

/** The commune's centre (local mode, or wherever no place index is configured). */
export class CommuneCentreGeocoder implements Geocoder {
  constructor(private readonly reference: CommuneReference) {}

  async geocode(input: GeocodeInput): Promise<GeocodeResult> {
    const commune = await this.reference.locate(input.communeCode);
    return { location: commune.location as Point, source: 'commune-centre' };
  }
}

/**
 * Amazon Location's place index, biased towards the commune's centre; falls back on that centre
 * when the index finds nothing, finds something more than 20 km away, or cannot be reached (the
 * site then records `commune-centre` and can be placed by hand).
 */
export class AmazonLocationGeocoder implements Geocoder {
  constructor(
    private readonly client: Pick<LocationClient, 'searchPlaceIndexForText'>,
    private readonly indexName: string,
    private readonly reference: CommuneReference,
  ) {}

  async geocode(input: GeocodeInput): Promise<GeocodeResult> {
    const commune = await this.reference.locate(input.communeCode);
    const centre = commune.location as Point;
    const fallback: GeocodeResult = { location: centre, source: 'commune-centre' };
    try {
      const out = await this.client.searchPlaceIndexForText({
        IndexName: this.indexName,
        Text: searchText(input.address, input.postalCode, commune.name),
        FilterCountries: ['FRA'],
        BiasPosition: [centre.lon, centre.lat],
        MaxResults: 1,
      });
      const point = out.Results?.[0]?.Place?.Geometry?.Point;
      if (!point || point.length < 2 || !Number.isFinite(point[0]) || !Number.isFinite(point[1])) return fallback;
      const location = { lon: point[0] as number, lat: point[1] as number };
      if (haversineKm(location, centre) > MAX_KM_FROM_COMMUNE_CENTRE) return fallback;
      return { location, source: 'amazon-location' };
    } catch (error) {
      // No address in the log: the commune and the error kind are enough to investigate.
      logger.warn('place index search failed, commune centre used', { communeCode: input.communeCode, errorName: (error as Error).name });
      return fallback;
    }
  }
}

/** "address, postal code, commune", without repeating what the address already says. */
function searchText(address: string, postalCode: string | undefined, communeName: string): string {
  const parts = [address.trim()];
  const said = normalizeText(address);
  if (postalCode && !address.includes(postalCode)) parts.push(postalCode);
  if (!said.includes(normalizeText(communeName))) parts.push(communeName);
  return parts.filter(Boolean).join(', ');
}
