import type { AccountDirectory } from '../../../shared/auth/accounts';
import type { Page } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import type { JournalEntry, Meeting, ParcoursRecord, ParcoursStatus, PersonComment, Territory } from './parcours.schema';

/** What the use cases need from storage; the DynamoDB store implements it (access patterns: ../README.md). */
export interface ParcoursRepository {
  getParcours(id: string): Promise<ParcoursRecord | undefined>;
  /** The record, its meetings, its journal and the person's comments: one query on the parcours' partition. */
  getParcoursWithItems(
    id: string,
  ): Promise<{ record: ParcoursRecord; meetings: Meeting[]; journal: JournalEntry[]; comments: PersonComment[] } | undefined>;
  /**
   * Create (no `previous`) or replace the stored version `previous.version`. Keeps the members'
   * access entries ("mes parcours") and the sparse due-date entry in step, in the same transaction.
   */
  saveParcours(uow: UnitOfWork, next: ParcoursRecord, previous?: ParcoursRecord): void;
  saveMeeting(uow: UnitOfWork, parcoursId: string, meeting: Meeting): void;
  saveJournalEntry(uow: UnitOfWork, parcoursId: string, entry: JournalEntry): void;
  saveComment(uow: UnitOfWork, parcoursId: string, comment: PersonComment): void;
  /** Rewrite an existing journal entry (its visibility to the person). */
  replaceJournalEntry(uow: UnitOfWork, parcoursId: string, entry: JournalEntry): void;
  /** The parcours a user is an active member of, newest opened first. */
  listOfMember(userId: string, status: ParcoursStatus | undefined, limit: number, cursor?: string): Promise<Page<ParcoursRecord>>;
  /** Ids of active parcours with an action due strictly before `today` whose owner was not reminded. */
  dueParcours(today: string, limit: number): Promise<string[]>;

  /** Ids of the parcours of a person (any status). */
  parcoursOfPerson(personId: string): Promise<string[]>;
  /** Delete every item of a parcours (record, access entries, meetings, journal); returns how many. */
  eraseParcours(id: string): Promise<number>;

  getTerritory(id: string): Promise<Territory | undefined>;
  listTerritories(): Promise<Territory[]>;
  saveTerritory(uow: UnitOfWork, territory: Territory, expectedVersion?: number): void;

  /** What intake announced of a person (no identity): whether she exists, who recorded her, her sharing consent. */
  getPersonFacts(personId: string): Promise<PersonFacts | undefined>;
  /** Keep the newest facts (an older event never overwrites a newer one). */
  savePersonFacts(uow: UnitOfWork, facts: PersonFacts): void;
  deletePersonFacts(personId: string): Promise<void>;

  publish(uow: UnitOfWork, event: OutgoingEvent): void;
}

/**
 * Intake's facts about a person that the authorisation policy needs to let a social worker open
 * a parcours (`parcours.open`): learned from `PersonRecorded` and `PersonConsentsChanged`.
 */
export interface PersonFacts {
  personId: string;
  recordedByOrganisationId: string | null;
  networkSharing: boolean;
  /** When intake decided these facts (an event's `at`): the newest wins. */
  at: string;
}

export interface Clock {
  now(): Date;
}

export interface ParcoursDeps {
  repository: ParcoursRepository;
  clock: Clock;
  newId(): string;
}

/**
 * What adding a member needs besides: the platform's user accounts, since a member named by user
 * id must be a real account of the organisation given. Only that route's function is given them
 * (its Cognito client is not in the other functions' bundles, docs/adr/0053).
 */
export interface ParcoursMemberDeps extends ParcoursDeps {
  accounts: AccountDirectory;
}
