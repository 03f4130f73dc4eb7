import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { queryAll } from '../../../shared/dynamo/query-all';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import { publishInTransaction } from '../../../shared/events/outbox';
import type {
  Appointment,
  AppointmentsRepository,
  BookingLink,
  OrganisationCopy,
  ReferralCopy,
  Reminder,
  SiteCopy,
  SlotCounter,
  StoredAvailability,
} from '../domain/appointments.ports';

export const table = () => tableName('appointments', 'main');

/** A slot's sort key: its UTC start (sorts by time) and channel. */
const slotSk = (startMs: number, channel: string) => `SLOT#${new Date(startMs).toISOString()}#${channel}`;

export const keys = {
  site: (siteId: string) => ({ pk: `SITE#${siteId}`, sk: 'SITE' }),
  availability: (siteId: string) => ({ pk: `SITE#${siteId}`, sk: 'AVAILABILITY' }),
  /** The sites that publish availability, one item each in one partition (the daily slot-shortage check, no scan). */
  availabilitySite: (siteId: string) => ({ pk: 'AVAILABILITY_SITES', sk: `SITE#${siteId}` }),
  /** A slot shortage told and not over (one alert per shortage). */
  shortage: (siteId: string) => ({ pk: `SITE#${siteId}`, sk: 'SHORTAGE' }),
  counter: (siteId: string, startMs: number, channel: string) => ({ pk: `SITE#${siteId}`, sk: slotSk(startMs, channel) }),
  organisation: (organisationId: string) => ({ pk: `ORGANISATION#${organisationId}`, sk: 'ORGANISATION' }),
  referral: (referralId: string) => ({ pk: `REFERRAL#${referralId}`, sk: 'REFERRAL' }),
  appointment: (id: string) => ({ pk: `APPOINTMENT#${id}`, sk: 'APPOINTMENT' }),
  /** A person's appointments (ADR 0037: her space and her export), one pointer each. */
  personAppointment: (personId: string, id: string) => ({ pk: `PERSON#${personId}`, sk: `APPOINTMENT#${id}` }),
  /** A person's referral copies (ADR 0042: forgetting her on `PersonErased` without a scan). */
  personReferral: (personId: string, referralId: string) => ({ pk: `PERSON#${personId}`, sk: `REFERRAL#${referralId}` }),
  /** A site's appointments by start (the partner's agenda of the week), one pointer each. */
  siteAppointment: (siteId: string, start: string, id: string) => ({ pk: `SITE#${siteId}`, sk: `BOOKED#${start}#${id}` }),
  /** Reminders by the UTC day they are due, sorted by due time: the schedule queries today's and the days before. */
  reminder: (r: Reminder) => ({ pk: `REMINDERS#${r.due.slice(0, 10)}`, sk: `${r.due}#${r.appointmentId}#${r.kind}` }),
  messages: (month: string) => ({ pk: `MESSAGES#${month}`, sk: 'MESSAGES' }),
  bookingLink: (referralId: string, nonce: string) => ({ pk: `REFERRAL#${referralId}`, sk: `BOOKINGLINK#${nonce}` }),
};

/** The bounds of a query over the reminders of a day due at or before `untilIso`. */
export const reminderRange = (untilIso: string): [string, string] => ['0', `${untilIso}#~`];
export const toReminder = (item: Record<string, unknown>): Reminder => pick<Reminder>(item, ['appointmentId', 'kind', 'due']);
/** A reminder not sent stays a month after it was due, then DynamoDB removes it. */
const REMINDER_KEPT_S = 31 * 86_400;

/** The bounds of a query over a site's appointment pointers starting in [fromIso, toIso). */
export const siteAppointmentRange = (fromIso: string, toIso: string): [string, string] => [`BOOKED#${fromIso}`, `BOOKED#${toIso}`];
/** The bounds above are inclusive: a pointer starting exactly at `toIso` is left out. */
export const beforeEnd = (item: Record<string, unknown>, toIso: string) => !String(item.sk).startsWith(`BOOKED#${toIso}`);

/** The bounds of a query over a site's counters starting in [fromMs, toMs). */
export const counterRange = (fromMs: number, toMs: number): [string, string] => [
  `SLOT#${new Date(fromMs).toISOString()}`,
  `SLOT#${new Date(toMs - 1).toISOString()}#~`,
];

export const SITE_FIELDS = ['siteId', 'organisationId', 'name', 'address', 'phone', 'version'] as const;
export const REFERRAL_FIELDS = ['referralId', 'fromOrganisationId', 'toOrganisationId', 'personId', 'themes', 'status', 'at'] as const;
export const APPOINTMENT_FIELDS = [
  'id',
  'siteId',
  'organisationId',
  'referralId',
  'personId',
  'bookedByOrganisationId',
  'bookedBy',
  'start',
  'end',
  'channel',
  'external',
  'themes',
  'personErasedAt',
  'status',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export const BOOKING_LINK_FIELDS = [
  'referralId',
  'nonce',
  'siteId',
  'issuedByOrganisationId',
  'issuedAt',
  'expiresAt',
  'status',
  'appointmentId',
] as const;

export function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (item[f] !== undefined) out[f] = item[f];
  return out as T;
}

export const toAvailability = (item: Record<string, unknown>): StoredAvailability =>
  pick<StoredAvailability>(item, ['siteId', 'availability', 'version', 'updatedAt']);
export const toCounter = (item: Record<string, unknown>): SlotCounter => pick<SlotCounter>(item, ['startMs', 'channel', 'taken']);

/** The appointments' table (ADR 0023: the twin in shared/testing extends this class and re-implements only the reads). */
export class DynamoAppointmentsRepository implements AppointmentsRepository {
  protected async read(key: { pk: string; sk: string }) {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
    return out.Item;
  }

  async getSite(siteId: string) {
    const item = await this.read(keys.site(siteId));
    return item ? pick<SiteCopy>(item, SITE_FIELDS) : undefined;
  }

  saveSite(uow: UnitOfWork, site: SiteCopy) {
    uow.put(table(), { ...keys.site(site.siteId), ...site });
  }

  async getOrganisation(organisationId: string) {
    const item = await this.read(keys.organisation(organisationId));
    return item ? pick<OrganisationCopy>(item, ['organisationId', 'appointmentBook', 'version']) : undefined;
  }

  saveOrganisation(uow: UnitOfWork, organisation: OrganisationCopy) {
    uow.put(table(), { ...keys.organisation(organisation.organisationId), ...organisation });
  }

  async getReferral(referralId: string) {
    const item = await this.read(keys.referral(referralId));
    return item ? pick<ReferralCopy>(item, REFERRAL_FIELDS) : undefined;
  }

  saveReferral(uow: UnitOfWork, referral: ReferralCopy) {
    uow.put(table(), { ...keys.referral(referral.referralId), ...referral });
    if (referral.personId) {
      uow.put(table(), { ...keys.personReferral(referral.personId, referral.referralId), referralId: referral.referralId });
    }
  }

  /** The pointers under `PERSON#<personId>` whose sort key starts with `prefix`. */
  protected personPointers(personId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `PERSON#${personId}`, ':prefix': prefix },
      ConsistentRead: true,
    });
  }

  async referralsOfPerson(personId: string): Promise<string[]> {
    return (await this.personPointers(personId, 'REFERRAL#')).map((i) => String(i.referralId));
  }

  async bookingLinksOf(referralId: string): Promise<BookingLink[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `REFERRAL#${referralId}`, ':prefix': 'BOOKINGLINK#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => pick<BookingLink>(i, BOOKING_LINK_FIELDS));
  }

  forgetInReferral(uow: UnitOfWork, personId: string, referralId: string, referral: ReferralCopy | undefined) {
    if (referral) {
      const { personId: _forgotten, ...rest } = referral;
      uow.put(table(), { ...keys.referral(referralId), ...rest });
    }
    uow.add({ Delete: { TableName: table(), Key: keys.personReferral(personId, referralId) } });
  }

  forgetInAppointment(uow: UnitOfWork, appointment: Appointment, personId: string, at: string, expectedVersion = appointment.version) {
    const { personId: _forgotten, ...rest } = appointment;
    // Alone, not a change of the appointment (its version and calendar SEQUENCE stay): only she is removed from it.
    // With `expectedVersion` below the appointment's: its change (cancelled at her erasure) is written in the same put.
    uow.put(
      table(),
      { ...keys.appointment(appointment.id), ...rest, personErasedAt: at },
      { expression: '#version = :expected', names: { '#version': 'version' }, values: { ':expected': expectedVersion } },
    );
    uow.add({ Delete: { TableName: table(), Key: keys.personAppointment(personId, appointment.id) } });
  }

  deleteBookingLink(uow: UnitOfWork, link: BookingLink) {
    uow.add({ Delete: { TableName: table(), Key: keys.bookingLink(link.referralId, link.nonce) } });
  }

  async getAvailability(siteId: string) {
    const item = await this.read(keys.availability(siteId));
    return item ? toAvailability(item) : undefined;
  }

  saveAvailability(uow: UnitOfWork, stored: StoredAvailability, expectedVersion: number, onConditionFailed: () => Error) {
    uow.put(
      table(),
      { ...keys.availability(stored.siteId), ...stored },
      expectedVersion === 0
        ? { expression: 'attribute_not_exists(pk)' }
        : { expression: '#version = :expected', names: { '#version': 'version' }, values: { ':expected': expectedVersion } },
      onConditionFailed,
    );
    uow.put(table(), { ...keys.availabilitySite(stored.siteId), siteId: stored.siteId });
  }

  async sitesWithAvailability(): Promise<string[]> {
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'AVAILABILITY_SITES' },
    });
    return items.map((i) => String(i.siteId));
  }

  async getShortage(siteId: string) {
    const item = await this.read(keys.shortage(siteId));
    return item ? pick<{ siteId: string; since: string; to: string }>(item, ['siteId', 'since', 'to']) : undefined;
  }

  startShortage(uow: UnitOfWork, shortage: { siteId: string; since: string; to: string }) {
    uow.put(table(), { ...keys.shortage(shortage.siteId), ...shortage }, { expression: 'attribute_not_exists(pk)' });
  }

  endShortage(uow: UnitOfWork, siteId: string) {
    uow.add({ Delete: { TableName: table(), Key: keys.shortage(siteId) } });
  }

  async getCounter(siteId: string, startMs: number, channel: string) {
    const item = await this.read(keys.counter(siteId, startMs, channel));
    return item ? toCounter(item) : undefined;
  }

  async countersBetween(siteId: string, fromMs: number, toMs: number) {
    const [from, to] = counterRange(fromMs, toMs);
    return (await this.siteItems(siteId, from, to, true)).map(toCounter);
  }

  /** Every item of the site's partition with a sort key in [from, to], page after page. */
  private siteItems(siteId: string, from: string, to: string, consistent: boolean): Promise<Record<string, unknown>[]> {
    return queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `SITE#${siteId}`, ':from': from, ':to': to },
      ...(consistent ? { ConsistentRead: true } : {}),
    });
  }

  setCounter(uow: UnitOfWork, siteId: string, counter: SlotCounter, expected: number, onConditionFailed: () => Error) {
    uow.put(
      table(),
      { ...keys.counter(siteId, counter.startMs, counter.channel), ...counter },
      expected === 0
        ? { expression: 'attribute_not_exists(pk) OR taken = :zero', values: { ':zero': 0 } }
        : { expression: 'taken = :expected', values: { ':expected': expected } },
      onConditionFailed,
    );
  }

  async getAppointment(id: string) {
    const item = await this.read(keys.appointment(id));
    return item ? pick<Appointment>(item, APPOINTMENT_FIELDS) : undefined;
  }

  createAppointment(uow: UnitOfWork, appointment: Appointment) {
    uow.put(table(), { ...keys.appointment(appointment.id), ...appointment }, { expression: 'attribute_not_exists(pk)' });
    if (appointment.personId) {
      uow.put(table(), { ...keys.personAppointment(appointment.personId, appointment.id), appointmentId: appointment.id });
    }
    uow.put(table(), { ...keys.siteAppointment(appointment.siteId, appointment.start, appointment.id), appointmentId: appointment.id });
  }

  /** The pointers of a site's appointments in [fromIso, toIso) (appointments booked before the pointers existed are not found). */
  protected async siteAppointmentIds(siteId: string, fromIso: string, toIso: string): Promise<string[]> {
    const [from, to] = siteAppointmentRange(fromIso, toIso);
    return (await this.siteItems(siteId, from, to, false)).filter((i) => beforeEnd(i, toIso)).map((i) => String(i.appointmentId));
  }

  async appointmentsOfSite(siteId: string, fromIso: string, toIso: string): Promise<Appointment[]> {
    const ids = await this.siteAppointmentIds(siteId, fromIso, toIso);
    const found = await Promise.all(ids.map((id) => this.getAppointment(id)));
    return found.filter((a): a is Appointment => a !== undefined && a.siteId === siteId);
  }

  updateAppointment(uow: UnitOfWork, appointment: Appointment, expectedVersion: number, onConditionFailed: () => Error) {
    uow.put(
      table(),
      { ...keys.appointment(appointment.id), ...appointment },
      { expression: '#version = :expected', names: { '#version': 'version' }, values: { ':expected': expectedVersion } },
      onConditionFailed,
    );
  }

  /** A person's appointments through her pointers (appointments booked before the pointers existed are not found). */
  async appointmentsOfPerson(personId: string): Promise<Appointment[]> {
    const ids = (await this.personPointers(personId, 'APPOINTMENT#')).map((i) => String(i.appointmentId));
    const found = await Promise.all(ids.map((id) => this.getAppointment(id)));
    return found.filter((a): a is Appointment => a !== undefined && a.personId === personId);
  }

  publish(uow: UnitOfWork, event: OutgoingEvent) {
    publishInTransaction(uow, table(), event);
  }

  saveReminder(uow: UnitOfWork, reminder: Reminder) {
    uow.put(table(), { ...keys.reminder(reminder), ...reminder, expiresAt: Math.floor(Date.parse(reminder.due) / 1000) + REMINDER_KEPT_S });
  }

  async dueReminders(day: string, untilIso: string) {
    const [from, to] = reminderRange(untilIso);
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `REMINDERS#${day}`, ':from': from, ':to': to },
      ConsistentRead: true,
    });
    return items.map(toReminder);
  }

  async getBookingLink(referralId: string, nonce: string) {
    const item = await this.read(keys.bookingLink(referralId, nonce));
    return item ? pick<BookingLink>(item, BOOKING_LINK_FIELDS) : undefined;
  }

  saveBookingLink(uow: UnitOfWork, link: BookingLink, expectedStatus: 'open' | undefined, onConditionFailed: () => Error) {
    uow.put(
      table(),
      { ...keys.bookingLink(link.referralId, link.nonce), ...link, expiresAtS: Math.floor(Date.parse(link.expiresAt) / 1000) },
      expectedStatus === undefined
        ? { expression: 'attribute_not_exists(pk)' }
        : { expression: '#status = :expected', names: { '#status': 'status' }, values: { ':expected': expectedStatus } },
      onConditionFailed,
    );
  }

  deleteReminder(uow: UnitOfWork, reminder: Reminder, onConditionFailed: () => Error) {
    uow.add(
      { Delete: { TableName: table(), Key: keys.reminder(reminder), ConditionExpression: 'attribute_exists(pk)' } },
      onConditionFailed,
    );
  }

  async getMessagesSent(month: string) {
    const item = await this.read(keys.messages(month));
    return typeof item?.sent === 'number' ? item.sent : 0;
  }

  setMessagesSent(uow: UnitOfWork, month: string, sent: number, expected: number, onConditionFailed: () => Error) {
    uow.put(
      table(),
      { ...keys.messages(month), month, sent },
      expected === 0
        ? { expression: 'attribute_not_exists(pk) OR sent = :zero', values: { ':zero': 0 } }
        : { expression: 'sent = :expected', values: { ':expected': expected } },
      onConditionFailed,
    );
  }
}
