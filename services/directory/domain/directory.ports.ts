import type { Page } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import type { Organisation, Site } from './directory.schema';

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

/** What the use cases need from storage; the DynamoDB store implements it. */
export interface DirectoryRepository {
  getOrganisation(id: string): Promise<Organisation | undefined>;
  getSite(id: string): Promise<Site | undefined>;
  listOrganisations(filter: OrganisationFilter, limit: number, cursor?: string): Promise<Page<Organisation>>;
  listSites(filter: SiteFilter, limit: number, cursor?: string): Promise<Page<Site>>;
  /** Create (no expected version) or replace the stored version `expectedVersion`. */
  saveOrganisation(uow: UnitOfWork, org: Organisation, expectedVersion?: number): void;
  saveSite(uow: UnitOfWork, site: Site, expectedVersion?: number): void;
  publish(uow: UnitOfWork, event: OutgoingEvent): void;
}

export interface Clock {
  now(): Date;
}

export interface DirectoryDeps {
  repository: DirectoryRepository;
  clock: Clock;
  newId(): string;
}
