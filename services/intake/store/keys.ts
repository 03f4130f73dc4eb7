import { normaliseName, searchKey, searchPartition } from '../domain/names';

/** Key builders of the intake table. Access patterns: see ../README.md. */
export const personKey = (id: string) => ({ pk: `PERSON#${id}`, sk: 'PERSON' });
/** One item per organisation a person was referred to: the partner's right to read (rule 2). */
export const referredToKey = (personId: string, organisationId: string) => ({
  pk: `PERSON#${personId}`,
  sk: `REFERRED_TO#${organisationId}`,
});
/** What intake knows of a person's parcours, under the person: `PARCOURS#…` and `PARCOURS_MEMBER#…` share a prefix (one query). */
export const PERSON_PARCOURS_PREFIX = 'PARCOURS';
export const personParcoursKey = (personId: string, parcoursId: string) => ({ pk: `PERSON#${personId}`, sk: `PARCOURS#${parcoursId}` });
export const personParcoursMemberKey = (personId: string, parcoursId: string, memberId: string) => ({
  pk: `PERSON#${personId}`,
  sk: `PARCOURS_MEMBER#${parcoursId}#${memberId}`,
});
/** The user is an active member of an open parcours of the person (derived from the two above). */
export const parcoursReaderKey = (personId: string, userId: string) => ({ pk: `PERSON#${personId}`, sk: `PARCOURS_USER#${userId}` });
/** An exceptional access of a user to a person's file: under the person, the latest of a user last. */
export const EXCEPTIONAL_PREFIX = 'EXCEPTIONAL#';
export const exceptionalAccessKey = (personId: string, userId: string, grantedAt: string, id: string) => ({
  pk: `PERSON#${personId}`,
  sk: `${EXCEPTIONAL_PREFIX}${userId}#${grantedAt}#${id}`,
});
/** `gsi1` partition of the grants of one month (`YYYY-MM`, UTC): the coordinator's list reads a few of these. */
export const exceptionalAccessesOfMonth = (month: string) => `EXCEPTIONAL_MONTH#${month}`;
/** Her FranceConnect identity link (ADR 0036): one small item under her partition. */
export const identityLinkKey = (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'IDENTITY_LINK#FC' });
/** The index entry `FC#<sub>` → her person id, read by the pool's Pre token generation trigger (one GetItem). */
export const franceConnectSubKey = (sub: string) => ({ pk: `FC#${sub}`, sk: 'FC' });
export const receptionKey = (id: string) => ({ pk: `RECEPTION#${id}`, sk: 'RECEPTION' });
export const referralKey = (id: string) => ({ pk: `REFERRAL#${id}`, sk: 'REFERRAL' });
/** A delivery result of a referral (ADR 0034), beside it: merged when the referral is read. */
export const DELIVERY_RESULT_PREFIX = 'DELIVERY#';
export const deliveryResultKey = (referralId: string, channel: string, requestedAt: string) => ({
  pk: `REFERRAL#${referralId}`,
  sk: `${DELIVERY_RESULT_PREFIX}${channel}#${requestedAt}`,
});
/** A step of an appointment of the referral (ADR 0039), beside it: one item per appointment and status, merged when read. */
export const APPOINTMENT_STEP_PREFIX = 'APPOINTMENT#';
export const appointmentStepKey = (referralId: string, appointmentId: string, status: string) => ({
  pk: `REFERRAL#${referralId}`,
  sk: `${APPOINTMENT_STEP_PREFIX}${appointmentId}#${status}`,
});
/** A self-booking link of the referral that expired unused (ADR 0039), beside it. */
export const UNUSED_BOOKING_LINK_PREFIX = 'BOOKINGLINK_UNUSED#';
export const unusedBookingLinkKey = (referralId: string, issuedAt: string) => ({
  pk: `REFERRAL#${referralId}`,
  sk: `${UNUSED_BOOKING_LINK_PREFIX}${issuedAt}`,
});
export const organisationKey = (id: string) => ({ pk: `ORG#${id}`, sk: 'ORG' });
/** Which notification channels reach an organisation (from the notifications service; no address). */
export const organisationChannelsKey = (id: string) => ({ pk: `ORG#${id}`, sk: 'CHANNELS' });
/** That agents of the organisation act in Relais with their accounts (seen by intake). */
export const organisationAccountsKey = (id: string) => ({ pk: `ORG#${id}`, sk: 'ACCOUNTS' });
export const siteKey = (id: string) => ({ pk: `SITE#${id}`, sk: 'SITE' });
export const serviceKey = (id: string) => ({ pk: `SERVICE#${id}`, sk: 'SERVICE' });

/** Name search: partitions by the first two characters of the searched key. */
export const namePartition = (key: string) => `NAME#${searchPartition(key)}`;
/** Sort key of a name entry: `<key>|<birth date or empty>|<id>`; `|` never occurs in a normalised name. */
export const nameSort = (key: string, birthDate: string | undefined, id: string) => `${key}|${birthDate ?? ''}|${id}`;
export const lastFirst = (lastName: string, firstName: string) => searchKey(lastName, firstName);
export const firstLast = (lastName: string, firstName: string) => searchKey(firstName, lastName);
/** Exact names, for duplicates: every entry of these names starts with this. */
export const exactNamesPrefix = (lastName: string, firstName: string) => `${lastFirst(lastName, firstName)}|`;
/** Same birth date and one of the names: the small groups duplicates by close spelling are looked for in. */
export const bornWithFirstName = (birthDate: string, firstName: string) => `BORN#${birthDate}#F#${normaliseName(firstName)}`;
export const bornWithLastName = (birthDate: string, lastName: string) => `BORN#${birthDate}#L#${normaliseName(lastName)}`;

/** `gsi1` partition of an organisation's sites (intake's copy of the directory). */
export const sitesOfOrganisation = (organisationId: string) => `ORG_SITES#${organisationId}`;
export const receptionsOfSite = (siteId: string) => `SITE_RECEPTIONS#${siteId}`;
export const receptionsOfOrganisation = (organisationId: string) => `ORG_RECEPTIONS#${organisationId}`;
export const receptionsOfPerson = (personId: string) => `PERSON_RECEPTIONS#${personId}`;
export const referralsTo = (organisationId: string) => `REFERRALS_TO#${organisationId}`;
export const referralsFrom = (organisationId: string) => `REFERRALS_FROM#${organisationId}`;
export const referralsOfPerson = (personId: string) => `PERSON_REFERRALS#${personId}`;
/**
 * The running referrals as the coordinator's « orientations en souffrance » reads them (ADR 0034):
 * one item per referral in one partition, by receiving organisation, written with the referral.
 */
export const RUNNING_REFERRALS = 'RUNNING_REFERRALS';
export const runningReferralKey = (toOrganisationId: string, referralId: string) => ({
  pk: RUNNING_REFERRALS,
  sk: `${toOrganisationId}#${referralId}`,
});
/** The one partition of the sparse `due` index: unanswered referrals by next deadline. */
export const DUE = 'DUE';
/** Persons in the same sparse index, by the date their data is to be erased (rule 6). */
export const RETENTION = 'RETENTION';

/** Sort key of dated lists: the instant, then the id (ISO instants sort as text). */
export const byTime = (at: string, id: string) => `${at}#${id}`;
