import type { Article } from '../../../shared/text/french';
import type { Actor } from '../../../shared/auth/actor';
import type { Page } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import type { SharingFacts } from './access';
import type { ExceptionalAccess } from './exceptional-access.schema';
import type { ParcoursMemberProjection, ParcoursProjection } from './parcours-access';
import type { Person } from './person.schema';
import type { Reception } from './reception.schema';
import type { DeliveryResult, RunningReferral } from './deliveries';
import type { AppointmentStep, UnusedBookingLink } from './referral-appointments';
import type { Referral, ReferralDelays } from './referral.rules';
import type { ReferralStatus } from './referral.schema';

/** What intake knows of the directory, from its events (it never reads the directory's table). */
export interface OrganisationProjection {
  organisationId: string;
  /** From `OrganisationChanged`; absent from events older than that field (the id is shown instead). */
  name?: string;
  /** The article the name takes (ADR 0028); absent from older events. */
  article?: Article;
  type: string;
  networkMember: boolean;
  version: number;
}

/** What reaches an organisation: its notification channels (booleans only) and whether it has accounts. */
export interface OrganisationReach {
  channels: { email: boolean; sms: boolean; webhook: boolean };
  channelsVersion?: number;
  accounts: boolean;
}

export interface SiteProjection {
  siteId: string;
  organisationId: string;
  /** Its public name (a signed link names the sender's site). */
  name?: string;
  /** How the public finds and reaches it (the person's notice at referral, ADR 0033); absent from older events. */
  address?: string;
  postalCode?: string;
  communeCode?: string;
  phone?: string;
  /** OSM `opening_hours`, as the directory stores it. */
  openingHours?: string;
  version: number;
}

export interface ServiceProjection {
  serviceId: string;
  organisationId: string;
  /** The site it is offered at, when the directory says so (the person's notice gives its address). */
  siteId?: string;
  version: number;
}

export interface ReceptionFilter {
  organisationId: string;
  siteId?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
}

export interface ReferralFilter {
  box: 'incoming' | 'outgoing';
  organisationId: string;
  status?: ReferralStatus;
}

/** A search result: the least the answer and the access decision need (read with a projection). */
export type PersonSearchHit = Pick<Person, 'id' | 'lastName' | 'firstName' | 'birthDate' | 'communeCode'> & SharingFacts;

/** Possible duplicates: the repository finds them through its indexes, the domain decides. */
export interface DuplicateQuery {
  lastName: string;
  firstName: string;
  birthDate?: string;
}

/** What the use cases need from storage; the DynamoDB store implements it. */
export interface IntakeRepository {
  getPerson(id: string): Promise<Person | undefined>;
  getPersons(ids: readonly string[]): Promise<Map<string, Person>>;
  /** Create (no expected version) or replace the stored version `expectedVersion`. */
  savePerson(uow: UnitOfWork, person: Person, expectedVersion?: number): void;
  findPossibleDuplicates(query: DuplicateQuery): Promise<Person[]>;
  /** Name-prefix search (normalised `q`): last name first, then first name; never a Scan. */
  searchPersons(q: string, birthDate: string | undefined, limit: number, cursor?: string): Promise<Page<PersonSearchHit>>;

  /** The organisations a person was referred to (the "person access list"). */
  referredTo(personId: string, organisationId: string): Promise<boolean>;
  referredToMany(personIds: readonly string[], organisationId: string): Promise<Set<string>>;
  recordReferredTo(uow: UnitOfWork, personId: string, organisationId: string, referralId: string, at: string): void;

  getReception(id: string): Promise<Reception | undefined>;
  saveReception(uow: UnitOfWork, reception: Reception): void;
  /** Replace the reception as read at `expectedVersion` (409 `reception.version-conflict` otherwise). */
  updateReception(uow: UnitOfWork, reception: Reception, expectedVersion: number): void;
  listReceptions(filter: ReceptionFilter, limit: number, cursor?: string): Promise<Page<Reception>>;
  receptionsOfPerson(personId: string): Promise<Reception[]>;

  getReferral(id: string, consistent?: boolean): Promise<Referral | undefined>;
  /** Also keeps (or drops, once ended) the referral's item among the running ones (ADR 0034). */
  saveReferral(uow: UnitOfWork, referral: Referral, expectedVersion?: number): void;
  /** A delivery result beside the referral (merged by `getReferral`), and the running item updated (ADR 0034). */
  saveDeliveryResult(uow: UnitOfWork, referral: Referral, result: DeliveryResult): void;
  /** A step of one of the referral's appointments, kept beside it (ADR 0039). */
  saveAppointmentStep(uow: UnitOfWork, referralId: string, step: AppointmentStep): void;
  /** A self-booking link the person let expire unused, kept beside the referral (ADR 0039). */
  saveUnusedBookingLink(uow: UnitOfWork, referralId: string, link: UnusedBookingLink): void;
  /** Every running referral, as the coordinator's view keeps it: one query of one partition. */
  runningReferrals(): Promise<RunningReferral[]>;
  listReferrals(filter: ReferralFilter, limit: number, cursor?: string): Promise<Page<Referral>>;
  referralsOfPerson(personId: string): Promise<Referral[]>;
  /** Unanswered referrals whose next deadline (reminder or expiry) is at or before `now`. */
  dueReferrals(now: string, limit: number): Promise<Referral[]>;
  touchPerson(uow: UnitOfWork, personId: string, at: string): void;
  personsDueForErasure(now: string, limit: number): Promise<Array<{ personId: string; lastActivityAt: string }>>;
  everythingOfPerson(personId: string): Promise<{
    receptions: Reception[];
    referrals: Referral[];
    partition: Array<{ pk: string; sk: string }>;
    /** The FranceConnect identities linked to her (ADR 0040): their index entries `FC#<sub>` lie outside her partition. */
    franceConnectSubs: string[];
  }>;
  replaceReception(uow: UnitOfWork, reception: Reception): void;
  deleteItem(uow: UnitOfWork, key: { pk: string; sk: string }): void;
  deletePersonIfInactiveSince(uow: UnitOfWork, personId: string, lastActivityAt: string): void;

  getOrganisation(id: string): Promise<OrganisationProjection | undefined>;
  getOrganisations(ids: readonly string[]): Promise<Map<string, OrganisationProjection>>;
  getSite(id: string): Promise<SiteProjection | undefined>;
  getService(id: string): Promise<ServiceProjection | undefined>;
  saveOrganisation(uow: UnitOfWork, organisation: OrganisationProjection): void;
  saveSite(uow: UnitOfWork, site: SiteProjection): void;
  getReach(organisationId: string): Promise<OrganisationReach>;
  /** The channels the notifications service announced, only over an older version. */
  saveChannels(uow: UnitOfWork, organisationId: string, channels: OrganisationReach['channels'], version: number): void;
  /** An agent of the organisation acted with an account: it can be reached in Relais itself. */
  markAccounts(uow: UnitOfWork, organisationId: string, at: string): void;
  saveService(uow: UnitOfWork, service: ServiceProjection): void;

  /** What intake knows of a person's parcours (from the parcours service's events): one query. */
  parcoursOfPerson(personId: string): Promise<{ parcours: ParcoursProjection[]; members: ParcoursMemberProjection[] }>;
  getParcoursProjection(personId: string, parcoursId: string): Promise<ParcoursProjection | undefined>;
  saveParcoursProjection(uow: UnitOfWork, parcours: ParcoursProjection): void;
  /** Who reads a person's history through a parcours, kept per user for batch reads (search results). */
  setParcoursReader(uow: UnitOfWork, personId: string, userId: string, reader: boolean): void;
  parcoursReaderOf(personIds: readonly string[], userId: string): Promise<Set<string>>;
  getParcoursMember(personId: string, parcoursId: string, memberId: string): Promise<ParcoursMemberProjection | undefined>;
  saveParcoursMember(uow: UnitOfWork, member: ParcoursMemberProjection): void;

  publish(uow: UnitOfWork, event: OutgoingEvent): void;

  /** Exceptional accesses (break-glass): stored under the person, listed by month for the coordinator. */
  saveExceptionalAccess(uow: UnitOfWork, grant: ExceptionalAccess): void;
  /** The caller's latest grant on this person still in force at `now`, if any. */
  activeExceptionalAccess(personId: string, userId: string, now: string): Promise<ExceptionalAccess | undefined>;
  /** Grants given since `from` (ISO instant), newest first, month partition after month partition (no Scan). */
  listExceptionalAccesses(from: string, to: string, limit: number, cursor?: string): Promise<Page<ExceptionalAccess>>;

  /**
   * One audit line per person shown by a read (rule 5), stored before the answer leaves, each
   * chained after that person's previous line (shared/auth/audit.ts).
   */
  auditReads(actor: Actor, personIds: readonly string[], entry: { route: string; purpose: string }, now: Date): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface IntakeDeps {
  repository: IntakeRepository;
  clock: Clock;
  newId(): string;
  /** Days before an unanswered referral expires (RELAIS_REFERRAL_EXPIRY_DAYS). */
  referralExpiryDays: number;
  /** The other delays of the loop (reminder day, accepted-not-closed); defaults of `DEFAULT_DELAYS` when absent. */
  referralDelays?: Omit<ReferralDelays, 'expiryDays'>;
  /** Longest validity of a referral's signed link, in days (RELAIS_REFERRAL_LINK_DAYS; default 60). */
  referralLinkDays?: number;
  /** The secret signing partners' links (read lazily: only link routes need it). */
  linkSecret(): Promise<string>;
}
