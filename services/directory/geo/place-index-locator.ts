import type { LocationClient } from '../../../shared/aws/location';
import { createLogger } from '../../../shared/observability/logger';
import { type CommuneLocator, isPlausible } from './communes';
import { mapWithConcurrency } from './concurrency';
import type { Point } from './geo.types';

// The communes' locator on Amazon Location, apart from the commune reference (communes.ts): only
// the wiring of the functions that may call the place index imports it (docs/adr/0061).

const logger = createLogger('directory');

/** Searches running at once against the place index (its default rate quota is 50 per second). */
export const PLACE_SEARCH_CONCURRENCY = 5;

/**
 * Amazon Location's place index (HERE): one text search per commune, `<name>, <département>`,
 * restricted to France and to municipalities. A failed search leaves that commune out.
 */
export class AmazonLocationLocator implements CommuneLocator {
  readonly source = 'amazon-location' as const;

  constructor(
    private readonly client: Pick<LocationClient, 'searchPlaceIndexForText'>,
    private readonly indexName: string,
  ) {}

  async locate(communes: Array<{ code: string; name: string; departement: string }>): Promise<Map<string, Point>> {
    const found = new Map<string, Point>();
    let failures = 0;
    await mapWithConcurrency(communes, PLACE_SEARCH_CONCURRENCY, async (commune) => {
      try {
        const out = await this.client.searchPlaceIndexForText({
          IndexName: this.indexName,
          Text: `${commune.name}, ${commune.departement}`,
          FilterCountries: ['FRA'],
          // HERE filters on place types: a town, not a street or a shop named after it.
          FilterCategories: ['MunicipalityType'],
          MaxResults: 1,
        });
        const point = out.Results?.[0]?.Place?.Geometry?.Point;
        if (point && point.length >= 2) {
          const location = { lon: point[0] as number, lat: point[1] as number };
          if (isPlausible(location)) found.set(commune.code, location);
        }
      } catch {
        failures++;
      }
    });
    if (failures) logger.warn('place index searches failed', { failures, asked: communes.length });
    return found;
  }
}
