import { nearestSites } from '../geo/nearest';
import { SiteIndex } from '../geo/spatial-index';
import type { CommuneReference } from '../geo/communes';
import type { CommuneRef, Point, TravelMethod, TravelTimes } from '../geo/geo.types';
import type { DirectoryRepository, SiteRecord } from '../domain/directory.ports';
import type { Organisation, Service } from '../domain/directory.schema';

/**
 * The sites as this process last read them, kept until a site is written anywhere: every site
 * write moves a counter in the same transaction (`sitesVersion`), so checking it is one small
 * read and a new or moved site is seen by the next request. Organisation names and services (for
 * the public map) are refreshed with the sites or after a minute: one query of the services'
 * partition per process and minute at most, never one per request.
 */
export class SiteCatalogue {
  private version = -1;
  private sites: SiteRecord[] = [];
  private indexes = new Map<string, { index: SiteIndex; byId: Map<string, SiteRecord> }>();
  private organisations = new Map<string, Organisation>();
  private organisationsReadAt = 0;
  private services: Service[] = [];
  private servicesReadAt = 0;

  constructor(
    private readonly repository: DirectoryRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<SiteRecord[]> {
    const version = await this.repository.sitesVersion();
    if (version !== this.version) {
      this.sites = await this.repository.allSites();
      this.indexes.clear();
      this.version = version;
      this.organisationsReadAt = 0;
      this.servicesReadAt = 0;
    }
    return this.sites;
  }

  /** A spatial index of the sites passing `filter`, built once per version and filter. */
  async indexed(key: string, filter: (site: SiteRecord) => boolean) {
    const sites = await this.current();
    let entry = this.indexes.get(key);
    if (!entry) {
      const kept = sites.filter(filter);
      entry = { index: new SiteIndex(kept.map((s) => ({ id: s.id, location: s.location }))), byId: new Map(kept.map((s) => [s.id, s])) };
      this.indexes.set(key, entry);
    }
    return entry;
  }

  async organisationNames(): Promise<Map<string, Organisation>> {
    if (this.now() - this.organisationsReadAt > 60_000) {
      const all = await this.repository.allOrganisations();
      this.organisations = new Map(all.map((o) => [o.id, o]));
      this.organisationsReadAt = this.now();
    }
    return this.organisations;
  }

  /** Every service of the directory, as last read (call after `current()`, which may clear it). */
  async allServices(): Promise<readonly Service[]> {
    if (this.now() - this.servicesReadAt > 60_000) {
      this.services = await this.repository.allServices();
      this.servicesReadAt = this.now();
    }
    return this.services;
  }
}

export interface NearestQuery {
  commune?: string;
  lon?: number;
  lat?: number;
  limit: number;
  theme?: string;
  unconditional?: boolean;
}

export interface NearestResult {
  origin: { point: Point; commune?: { code: string; name: string } };
  items: Array<{ site: SiteRecord; minutes: number; km: number; method: TravelMethod }>;
}

/**
 * "Where is the nearest place that can help me?"
 * Primary course: a commune (its centre) or a point → the sites that could be nearest by road
 * (spatial index) → travel times for those only → the `limit` nearest by minutes.
 */
export function makeFindNearestSites(catalogue: SiteCatalogue, communes: CommuneReference, travel: TravelTimes) {
  // A commune's centre is reference data: once found, this process keeps it.
  const located = new Map<string, CommuneRef>();
  return {
    async execute(query: NearestQuery, onlyPublic?: (site: SiteRecord) => boolean): Promise<NearestResult> {
      let point: Point;
      let commune: { code: string; name: string } | undefined;
      if (query.lon !== undefined && query.lat !== undefined) {
        point = { lon: query.lon, lat: query.lat };
      } else {
        const code = query.commune as string;
        const ref = located.get(code) ?? (await communes.locate(code));
        located.set(code, ref);
        point = ref.location as Point;
        commune = { code: ref.code, name: ref.name };
      }
      const key = `${onlyPublic ? 'public' : 'all'}|${query.theme ?? ''}|${query.unconditional ?? ''}`;
      const { index, byId } = await catalogue.indexed(
        key,
        (site) =>
          (!onlyPublic || onlyPublic(site)) &&
          (query.unconditional === undefined || site.unconditionalReception === query.unconditional) &&
          (!query.theme || site.themes.some((t) => t === query.theme || t.startsWith(`${query.theme}--`))),
      );
      const legs = index.size ? await nearestSites(point, index, travel, query.limit) : [];
      return {
        origin: { point, commune },
        items: legs.flatMap((leg) => {
          const site = byId.get(leg.siteId);
          return site ? [{ site, minutes: leg.minutes, km: leg.km, method: travel.method }] : [];
        }),
      };
    },
  };
}
