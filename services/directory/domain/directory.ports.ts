import type { Page } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import type { CommuneReference } from '../geo/communes';
import type { TravelTimes } from '../geo/geo.types';
import type { Geocoder } from '../geo/geocoder';
import type { ReviewCampaign, TerritoryRecord } from './campaign';
import type { Coverage, NetworkEvent, Organisation, Origin, Service, Site } from './directory.schema';
import type { OpenIntervals } from './opening-hours';
import type { ReviewRequest, ReviewStatus } from './review';

export interface OrganisationFilter {
  type?: string;
  q?: string;
}

export interface SiteFilter {
  communeCode?: string;
  theme?: string;
  unconditional?: boolean;
  organisationId?: string;
}

export interface ServiceFilter {
  organisationId?: string;
  theme?: string;
}

/** A site as stored, with the open intervals laid out when its hours were last written. */
export type SiteRecord = Site & { openIntervals?: OpenIntervals };

export type OriginKind = 'organisation' | 'site' | 'service';

/**
 * The entries themselves: read one, write one, publish its event. What the functions that create,
 * edit or import an organisation, a site or a service need, and nothing else: their store carries
 * no listing, no signed cursor (store/entries.repository.ts).
 */
export interface DirectoryEntries {
  getOrganisation(id: string): Promise<Organisation | undefined>;
  getSite(id: string): Promise<SiteRecord | undefined>;
  getService(id: string): Promise<Service | undefined>;
  /** The record imported from `origin` (data·inclusion source + id), if any. */
  findByOrigin(kind: OriginKind, origin: Origin): Promise<string | undefined>;
  /** Create (no expected version) or replace the stored version `expectedVersion`. */
  saveOrganisation(uow: UnitOfWork, org: Organisation, expectedVersion?: number): void;
  saveSite(uow: UnitOfWork, site: Site, hours: OpenIntervals | undefined, expectedVersion?: number): void;
  saveService(uow: UnitOfWork, service: Service, expectedVersion?: number): void;
  publish(uow: UnitOfWork, event: OutgoingEvent): void;
}

/** What the use cases need from storage; the DynamoDB store implements it. */
export interface DirectoryRepository extends DirectoryEntries {
  getNetworkEvent(id: string): Promise<NetworkEvent | undefined>;
  listOrganisations(filter: OrganisationFilter, limit: number, cursor?: string): Promise<Page<Organisation>>;
  listSites(filter: SiteFilter, limit: number, cursor?: string): Promise<Page<SiteRecord>>;
  listServices(filter: ServiceFilter, limit: number, cursor?: string): Promise<Page<Service>>;
  listNetworkEvents(year: number, limit: number, cursor?: string, kind?: string): Promise<Page<NetworkEvent>>;
  /** Every record of a kind (exports, coverage): paged queries on an index, never a Scan. */
  allOrganisations(): Promise<Organisation[]>;
  allSites(): Promise<SiteRecord[]>;
  allServices(): Promise<Service[]>;
  allNetworkEvents(year: number): Promise<NetworkEvent[]>;
  /** A counter moved by every site write: readers keep a copy of the sites until it moves. */
  sitesVersion(): Promise<number>;
  saveNetworkEvent(uow: UnitOfWork, event: NetworkEvent, expectedVersion?: number): void;
  /** Only the open intervals of a site (nightly extension of the horizon: no new version). */
  updateOpenIntervals(siteId: string, hours: OpenIntervals | undefined): Promise<void>;
  getCoverage(): Promise<Coverage | undefined>;
  saveCoverage(uow: UnitOfWork, coverage: Coverage): void;
  /** Ask for a coverage computation (debounced); returns nothing, cheap, idempotent. */
  requestCoverage(uow: UnitOfWork, at: string): void;
  /** When a computation was asked for and not done yet. */
  pendingCoverageRequest(): Promise<string | undefined>;
  /** Forget the request `requestedAt` (not a newer one). */
  clearCoverageRequest(requestedAt: string): Promise<void>;
  getReview(id: string): Promise<ReviewRequest | undefined>;
  /** The review requests still waiting for an answer. */
  openReviews(): Promise<ReviewRequest[]>;
  saveReview(uow: UnitOfWork, review: ReviewRequest, expectedVersion?: number): void;
  /** The review requests of an organisation sent on or after `since` (its own index entry). */
  reviewsOfOrganisationSince(organisationId: string, since: string): Promise<ReviewRequest[]>;
  /** Every organisation of a kind, every site of a commune or organisation, every service of an organisation: index queries. */
  organisationsOfKind(kind: string): Promise<Organisation[]>;
  sitesOfCommune(communeCode: string): Promise<SiteRecord[]>;
  sitesOfOrganisation(organisationId: string): Promise<SiteRecord[]>;
  servicesOfOrganisation(organisationId: string): Promise<Service[]>;
  getTerritory(id: string): Promise<TerritoryRecord | undefined>;
  saveTerritory(uow: UnitOfWork, territory: TerritoryRecord): void;
  getCampaign(id: string): Promise<ReviewCampaign | undefined>;
  /** The latest campaigns, newest first. */
  listCampaigns(limit: number): Promise<ReviewCampaign[]>;
  saveCampaign(uow: UnitOfWork, campaign: ReviewCampaign): void;
  /** One more partner sent a message by the campaign (in the transaction of its request). */
  countCampaignSent(uow: UnitOfWork, campaignId: string): void;
  /** A request of the campaign was answered (`from` → `to`): its counters move, nothing is re-read. */
  countCampaignAnswer(uow: UnitOfWork, campaignId: string, from: ReviewStatus, to: ReviewStatus): void;
}

export interface Clock {
  now(): Date;
}

/** Lays out the open intervals of OSM opening hours (the library is loaded only by writers). */
export type HoursPlanner = (openingHours: string, from: Date) => OpenIntervals | undefined;

/** What a use case that only reads and writes entries takes (see DirectoryEntries). */
export interface EntryDeps {
  repository: DirectoryEntries;
  clock: Clock;
  newId(): string;
}

export interface DirectoryDeps extends EntryDeps {
  repository: DirectoryRepository;
}

export interface GeoDeps {
  communes: CommuneReference;
  travel: TravelTimes;
  geocoder: Geocoder;
  departement: string;
  thresholdMinutes: number;
}
