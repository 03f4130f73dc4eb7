import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import type { QuietRules } from '../../../shared/sms/send-time';
import type { DeliveryStatus, Survey } from './survey';

export interface Contact {
  personId: string;
  phone: string;
  phoneHash: string;
}

export interface PlaceCopy {
  id: string;
  name?: string;
  organisationId?: string;
  networkMember?: boolean;
  version: number;
}

export interface MeasuringOrganisation {
  organisationId: string;
  firstSentAt: string;
  lastSentAt: string;
  sent: number;
}

/** The surveys table (store/surveys.repository.ts); see README.md for the access patterns. */
export interface SurveysRepository {
  getSurvey(id: string): Promise<Survey | undefined>;
  /** The number of a survey still to send. */
  surveyPhone(id: string): Promise<string | undefined>;
  isOptedOut(phoneHash: string): Promise<boolean>;
  /** The last survey created for a number (the 14-day rule; the survey a reply answers). */
  lastSurveyOf(phoneHash: string): Promise<{ surveyId: string; at: string } | undefined>;
  getContact(personId: string): Promise<Contact | undefined>;
  saveContact(uow: UnitOfWork, contact: Contact, now: Date): void;
  deleteContact(uow: UnitOfWork, personId: string): void;
  /** The surveys created about a person (her export, ADR 0037); the link is forgotten when she is erased. */
  surveyIdsOfPerson(personId: string): Promise<string[]>;
  forgetPersonSurvey(uow: UnitOfWork, personId: string, surveyId: string): void;
  getSite(id: string): Promise<PlaceCopy | undefined>;
  getOrganisation(id: string): Promise<PlaceCopy | undefined>;
  saveSite(uow: UnitOfWork, site: PlaceCopy): void;
  saveOrganisation(uow: UnitOfWork, org: PlaceCopy): void;
  /** The survey and the number's "last survey" marker; fails if another survey took the 14 days meanwhile. */
  createSurvey(uow: UnitOfWork, survey: Survey, intervalStart: string): void;
  /** Scheduled surveys due at `now` (sparse index, oldest first). */
  dueSurveys(now: Date, limit: number): Promise<Survey[]>;
  markQueued(id: string): Promise<void>;
  /** scheduled|queued → sending; false if another delivery has it or it is no longer to send. */
  claim(id: string): Promise<boolean>;
  /** sending → queued (sending failed: the queue retries). */
  unclaim(id: string): Promise<void>;
  /** Final state without sending; the number is dropped. */
  close(id: string, status: 'cancelled' | 'budget_exceeded', at: Date): Promise<void>;
  markSent(uow: UnitOfWork, survey: Survey, sentAt: Date): void;
  /** The carrier's outcome; false if it changes nothing (same again, already delivered, unknown survey). */
  recordDelivery(id: string, status: DeliveryStatus, at: Date): Promise<boolean>;
  /** One more SMS this month if the budget allows (atomic, conditional). */
  reserveSms(month: string, budget: number): Promise<boolean>;
  releaseSms(month: string): Promise<void>;
  recordOptOut(uow: UnitOfWork, phoneHash: string, at: Date): void;
  answer(uow: UnitOfWork, survey: Survey, score: number, comment: string | undefined, at: Date): void;
  addComment(uow: UnitOfWork, survey: Survey, comment: string, at: Date): void;
  /** Sent surveys of an organisation, by sending time. */
  sentSurveys(organisationId: string, fromIso: string, toIso: string): Promise<Survey[]>;
  measuringOrganisations(): Promise<MeasuringOrganisation[]>;
  publish(uow: UnitOfWork, event: OutgoingEvent): void;
}

/** Sends one SMS (AWS: End User Messaging SMS `SendTextMessage`; locally: the SMS outbox). */
export interface SmsSender {
  send(to: string, text: string, ref: { surveyId?: string; kind: 'survey' | 'opt_out_confirmation' }): Promise<void>;
}

/**
 * The carrier's opt-out list (AWS: the stage's End User Messaging SMS opt-out list), kept in step
 * with Relais's own opt-outs (ADR 0035). Adding a number already there changes nothing.
 */
export interface OptOutList {
  add(phone: string): Promise<void>;
}

/** Metrics that raise alarms (CloudWatch EMF on AWS). */
export interface Metrics {
  count(name: 'SmsBudgetExceeded', value?: number): void;
}

/**
 * Everything the surveys use cases may take. Each function's wiring gives what its route or
 * consumer calls (docs/adr/0053): `SurveysCoreDeps` everywhere (handlers/deps.ts), the SMS
 * sender and what goes with it where an SMS can be sent (handlers/sending.deps.ts), the send
 * queue to the schedule that fills it (handlers/dispatch.deps.ts).
 */
export interface SurveysDeps {
  repository: SurveysRepository;
  clock: { now(): Date };
  newId(): string;
  phoneSecret(): Promise<string>;
  rules(): QuietRules & { delayMinutes: number; monthlyBudget: number };
  sender: SmsSender;
  /** None locally (Relais's own opt-out is the only one). */
  optOutList?: OptOutList;
  metrics: Metrics;
  /**
   * Set when the stage has no two-way number (`RELAIS_SMS_TWO_WAY=false`, ADR 0041): the address of
   * a survey's one-question page, signed until `expiresAt`, which its SMS then carries.
   */
  webAnswer?: { link(surveyId: string, expiresAt: Date): Promise<string> };
  enqueueSend(surveyId: string): Promise<void>;
}

/** What every surveys function is given: the store, the clock, the number's hashing and the sending rules. */
export type SurveysCoreDeps = Pick<SurveysDeps, 'repository' | 'clock' | 'newId' | 'phoneSecret' | 'rules'>;

/** What sending an SMS (a survey, a STOP's confirmation) needs: all but the send queue. */
export type SurveysSendingDeps = Omit<SurveysDeps, 'enqueueSend'>;
