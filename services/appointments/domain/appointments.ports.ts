import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import type { AppointmentBookChoice } from '../book/appointment-book';
import type { Availability } from './availability';
import type { ReminderKind } from './reminders';

/** What appointments knows of a directory site (from `SiteChanged`). */
export interface SiteCopy {
  siteId: string;
  organisationId: string;
  name: string;
  /** Its public street address and postcode (the calendar file's place), when the directory gives them. */
  address?: string;
  /** Its public phone (the person's page to cancel or move her appointment). */
  phone?: string;
  version: number;
}

/** What appointments knows of a directory organisation (from `OrganisationChanged`): where its appointments are booked. */
export interface OrganisationCopy {
  organisationId: string;
  /** Absent: Relais' own book. */
  appointmentBook?: AppointmentBookChoice;
  version: number;
}

/** What appointments knows of a referral (from intake's referral events): who sent it, to whom, about whom. */
export interface ReferralCopy {
  referralId: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  /** Held only to attach the appointment to the person of the referral; never in an event. */
  personId?: string;
  /** The referral's themes (ADR 0039: the observatory's no-show rate per theme); absent from older copies. */
  themes?: string[];
  status: 'sent' | 'accepted' | 'declined' | 'closed' | 'expired';
  /** When the status was last changed (older events change nothing). */
  at: string;
}

export interface StoredAvailability {
  siteId: string;
  availability: Availability;
  version: number;
  updatedAt: string;
}

export type AppointmentStatus = 'booked' | 'cancelled' | 'honoured' | 'missed';

export interface Appointment {
  id: string;
  siteId: string;
  organisationId: string;
  referralId: string;
  personId?: string;
  bookedByOrganisationId: string;
  bookedBy: string;
  /** UTC instant (ISO). */
  start: string;
  end: string;
  channel: 'site' | 'phone' | 'video';
  /** Its id in the organisation's external agenda when its book is one (ADR 0042); absent: Relais' own book. */
  external?: { kind: 'rdv-service-public'; id: string };
  /** The referral's themes when booked (carried by the events for the observatory). */
  themes?: string[];
  /** When intake erased the person (`PersonErased`): the appointment stays, anonymous, and no message goes to her. */
  personErasedAt?: string;
  status: AppointmentStatus;
  createdAt: string;
  updatedAt: string;
  /** Increases with each change (the ICS file's SEQUENCE). */
  version: number;
}

/** Places taken in one slot (the conditional counter that makes double booking impossible). */
export interface SlotCounter {
  startMs: number;
  channel: string;
  taken: number;
}

/**
 * A self-booking link given to the person for a referral (ADR 0029): valid 7 days, for one
 * site; `booked` once she chose a slot with it (then reused: 410).
 */
export interface BookingLink {
  referralId: string;
  /** Random, in the signed token's subject: a new link for the same referral does not revive an old one. */
  nonce: string;
  siteId: string;
  issuedByOrganisationId: string;
  issuedAt: string;
  expiresAt: string;
  status: 'open' | 'booked';
  appointmentId?: string;
}

/** A message to the person waiting for its time (at booking, the reminder before; the booking link, its reminder, its end). */
export interface Reminder {
  /** The appointment, or the booking link (`<referralId>.<nonce>`) it is about. */
  appointmentId: string;
  kind: ReminderKind | 'link' | 'link-reminder' | 'link-expiry';
  /** UTC instant (ISO) from which it may go. */
  due: string;
}

export interface AppointmentsRepository {
  getSite(siteId: string): Promise<SiteCopy | undefined>;
  saveSite(uow: UnitOfWork, site: SiteCopy): void;
  getOrganisation(organisationId: string): Promise<OrganisationCopy | undefined>;
  saveOrganisation(uow: UnitOfWork, organisation: OrganisationCopy): void;
  getReferral(referralId: string): Promise<ReferralCopy | undefined>;
  saveReferral(uow: UnitOfWork, referral: ReferralCopy): void;
  getAvailability(siteId: string): Promise<StoredAvailability | undefined>;
  /** Written only if the stored version is `expectedVersion` (0: none stored yet). */
  saveAvailability(uow: UnitOfWork, stored: StoredAvailability, expectedVersion: number, onConditionFailed: () => Error): void;
  getCounter(siteId: string, startMs: number, channel: string): Promise<SlotCounter | undefined>;
  /** Counters of a site's slots starting in [fromMs, toMs). */
  countersBetween(siteId: string, fromMs: number, toMs: number): Promise<SlotCounter[]>;
  /** Set the counter to `taken`, only if it still holds `expected` (0: absent or 0). */
  setCounter(uow: UnitOfWork, siteId: string, counter: SlotCounter, expected: number, onConditionFailed: () => Error): void;
  getAppointment(id: string): Promise<Appointment | undefined>;
  createAppointment(uow: UnitOfWork, appointment: Appointment): void;
  /** The ids of a person's referral copies (her pointers, written with each copy since ADR 0042). */
  referralsOfPerson(personId: string): Promise<string[]>;
  /** A person's appointments (her pointers). */
  appointmentsOfPerson(personId: string): Promise<Appointment[]>;
  /** The booking links given for a referral. */
  bookingLinksOf(referralId: string): Promise<BookingLink[]>;
  /** Forget the person (`PersonErased`): the copy without her id, and her pointer removed, in `uow`. */
  forgetInReferral(uow: UnitOfWork, personId: string, referralId: string, referral: ReferralCopy | undefined): void;
  /** `appointment` without her id, marked `personErasedAt`, if the stored one is at `expectedVersion` (its own, by default). */
  forgetInAppointment(uow: UnitOfWork, appointment: Appointment, personId: string, at: string, expectedVersion?: number): void;
  deleteBookingLink(uow: UnitOfWork, link: BookingLink): void;
  /** The sites that published availability (a pointer written with it): the daily slot-shortage check. */
  sitesWithAvailability(): Promise<string[]>;
  /** The shortage told for a site and not over yet. */
  getShortage(siteId: string): Promise<{ siteId: string; since: string; to: string } | undefined>;
  /** Remember a shortage told (only if none is remembered). */
  startShortage(uow: UnitOfWork, shortage: { siteId: string; since: string; to: string }): void;
  endShortage(uow: UnitOfWork, siteId: string): void;
  /**
   * A site's appointments starting in [fromIso, toIso) (UTC instants), in start order, through
   * the pointer each booking writes in the site's partition (the partner's agenda of the week).
   */
  appointmentsOfSite(siteId: string, fromIso: string, toIso: string): Promise<Appointment[]>;
  /** Written only if the stored appointment is still at `expectedVersion`. */
  updateAppointment(uow: UnitOfWork, appointment: Appointment, expectedVersion: number, onConditionFailed: () => Error): void;
  publish(uow: UnitOfWork, event: OutgoingEvent): void;
  saveReminder(uow: UnitOfWork, reminder: Reminder): void;
  getBookingLink(referralId: string, nonce: string): Promise<BookingLink | undefined>;
  /** `expectedStatus`: written only if the stored link still has it (undefined: a new link). */
  saveBookingLink(uow: UnitOfWork, link: BookingLink, expectedStatus: 'open' | undefined, onConditionFailed: () => Error): void;
  /** Reminders due at or before `untilIso` among those due on the UTC day `day` (`YYYY-MM-DD`). */
  dueReminders(day: string, untilIso: string): Promise<Reminder[]>;
  /** Removed only if still there (of two schedule runs, one sends it). */
  deleteReminder(uow: UnitOfWork, reminder: Reminder, onConditionFailed: () => Error): void;
  /** Messages to persons counted this Paris month (`YYYY-MM`). */
  getMessagesSent(month: string): Promise<number>;
  /** Set the month's count to `sent`, only if it still holds `expected`. */
  setMessagesSent(uow: UnitOfWork, month: string, sent: number, expected: number, onConditionFailed: () => Error): void;
}
