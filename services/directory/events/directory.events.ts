import { ARTICLES } from '../../../shared/text/french';
import * as z from 'zod';
import { defineEvent } from '../../../shared/events/envelope';

const SOURCE = 'relais.directory';
const Change = z.enum(['created', 'updated']);

/** A reception site was created or changed. Sites are public places: no personal data here. */
export const SiteChanged = defineEvent(
  SOURCE,
  'SiteChanged',
  z.object({
    siteId: z.string(),
    organisationId: z.string(),
    /** The site's public name (surveys name the place); optional only for events published before it. */
    name: z.string().optional(),
    change: Change,
    version: z.number().int(),
    communeCode: z.string(),
    location: z.object({ lon: z.number(), lat: z.number() }),
    unconditionalReception: z.boolean(),
    themes: z.array(z.string()),
    /** Shown on the public map (the State indicator counts network sites that are). */
    onPublicMap: z.boolean().optional(),
    /** Moderation of the public map: `pending` until the coordinator approves (absent before it existed). */
    publication: z.enum(['pending', 'approved', 'rejected']).optional(),
    /**
     * How the public finds and reaches the place (issue 14: the person is told where she was
     * sent): its street address, postcode, public phone and OSM opening hours. Public directory
     * data, no one's personal data; optional only for events published before them.
     */
    address: z.string().optional(),
    postalCode: z.string().optional(),
    phone: z.string().optional(),
    openingHours: z.string().optional(),
  }),
);

/**
 * An organisation of the network was created or changed. Its name is public directory data
 * (other services show whom a referral went to); optional only for events published before it.
 */
export const OrganisationChanged = defineEvent(
  SOURCE,
  'OrganisationChanged',
  z.object({
    organisationId: z.string(),
    name: z.string().optional(),
    /** The article the name takes (ADR 0028); absent from older events (consumers guess it). */
    article: z.enum(ARTICLES).optional(),
    change: Change,
    version: z.number().int(),
    type: z.string(),
    networkMember: z.boolean(),
    charterSigned: z.boolean(),
    /**
     * Where its appointments are booked (ADR 0042): the instance, the organisation's reference
     * there and the NAME of the secret holding the API key (never the key). Absent: Relais' own
     * book (and in events published before it).
     */
    appointmentBook: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('relais') }),
        z.object({ kind: z.literal('rdv-service-public'), baseUrl: z.string(), organisationRef: z.string(), tokenSecretName: z.string() }),
      ])
      .optional(),
  }),
);

/**
 * An organisation's notification channels as they now are (its notification e-mail, SMS number
 * and webhook URL, any of them absent), with its name for the messages' text. Published with
 * every change of the organisation, in the same transaction, and consumed by the notifications
 * service alone (ADR 0020): the e-mail may be a professional's own address, so it travels in no
 * event other services read (`OrganisationChanged` does not carry it).
 */
export const OrganisationNotificationChannelsChanged = defineEvent(
  SOURCE,
  'OrganisationNotificationChannelsChanged',
  z.object({
    organisationId: z.string(),
    name: z.string(),
    /** The article the name takes (ADR 0028); absent from older events. */
    article: z.enum(ARTICLES).optional(),
    /** The organisation's version: the projection keeps the newest. */
    version: z.number().int(),
    channels: z.object({ email: z.string().optional(), sms: z.string().optional(), webhookUrl: z.string().optional() }),
  }),
);

/** A service offered by an organisation was created or changed. */
export const ServiceChanged = defineEvent(
  SOURCE,
  'ServiceChanged',
  z.object({
    serviceId: z.string(),
    organisationId: z.string(),
    siteId: z.string().optional(),
    change: Change,
    version: z.number().int(),
    themes: z.array(z.string()),
  }),
);

/**
 * A network event (training, cross-immersion, meeting, conference) was recorded. Participants
 * travel as keys (a hash of the normalised name and the organisation), never as names: the
 * indicators count distinct professionals without learning who they are.
 */
export const NetworkEventRecorded = defineEvent(
  SOURCE,
  'NetworkEventRecorded',
  z.object({
    networkEventId: z.string(),
    kind: z.string(),
    date: z.string(),
    change: Change,
    participantKeys: z.array(z.string()),
    organisationIds: z.array(z.string()),
  }),
);

/** The coverage of the département was (re)computed: the figures of the State indicator. */
export const CoverageComputed = defineEvent(
  SOURCE,
  'CoverageComputed',
  z.object({
    departement: z.string(),
    computedAt: z.string(),
    thresholdMinutes: z.number(),
    method: z.string(),
    populationTotal: z.number().int(),
    populationCovered: z.number().int(),
    rate: z.number(),
    communes: z.number().int(),
    communesUncovered: z.number().int(),
  }),
);

/** The signed link's scope and the SPA page that opens it (`#/verification/<token>`). */
export const REVIEW_LINK_SCOPE = 'directory-review';
export const REVIEW_LINK_PATH = '/#/verification/';
/**
 * The link stays recognisable a year past its 30 days so that it answers « expiré » (410, with
 * the coordinator's contact) rather than « inconnu »; the 30 days are the request's `expiresAt`.
 */
export const REVIEW_LINK_GRACE_SECONDS = 365 * 24 * 3600;

/**
 * A partner is asked to check its directory entries that are due for review (or reminded to):
 * the notifications service sends it one message on its channels, with the signed link it makes
 * from `reviewId` and `organisationId` (never carried here). No personal data.
 */
export const DirectoryReviewRequested = defineEvent(
  SOURCE,
  'DirectoryReviewRequested',
  z.object({
    reviewId: z.string(),
    organisationId: z.string(),
    expiresAt: z.string(),
    /** 0: the first message; 7 or 21: a reminder, days after it. */
    reminder: z.number().int(),
    sites: z.number().int(),
    services: z.number().int(),
    /** A review campaign's request (ADR 0044): its id and the coordinator's plain-text message to partners (never about a person). */
    campaignId: z.string().optional(),
    message: z.string().max(500).optional(),
  }),
);
