import * as z from 'zod';
import { defineEvent } from '../../../shared/events/envelope';
import { ARTICLES } from '../../../shared/text/french';

const SOURCE = 'relais.intake';

/**
 * A reception was recorded (rule 1: named or anonymous). Ids and non-identifying facts only:
 * the age range and commune of a named person are derived from their record, never their
 * birth date. `phone` (E.164) travels only when that person agreed to SMS surveys: it is what
 * the surveys service needs to ask them how they were received.
 */
export const ReceptionRecorded = defineEvent(
  SOURCE,
  'ReceptionRecorded',
  z.object({
    receptionId: z.string(),
    siteId: z.string(),
    organisationId: z.string(),
    channel: z.enum(['site', 'phone', 'home_visit', 'video', 'mail']),
    themes: z.array(z.string()),
    communeCode: z.string().optional(),
    ageRange: z.string().optional(),
    personId: z.string().optional(),
    anonymous: z.boolean(),
    receivedAt: z.string(),
    phone: z.string().optional(),
    smsSurveysConsent: z.boolean(),
  }),
);

/**
 * A referral was sent to a partner organisation: the directory notifies the partner on its own
 * channels. A partner without an account answers through a signed link, which the notifier
 * builds itself with `signLink` (shared/auth/signed-link.ts) and `linkSecret()`:
 *
 *     signLink({ scope: 'referral', subject: referralId, audience: toOrganisationId,
 *                exp: Math.floor(Date.parse(expiresAt) / 1000) }, linkSecret())
 *
 * (`referralLinkPayload` below builds that payload from this event's data); the SPA's link page
 * sends the token back to `GET /api/referral-links/{token}` and its `accept` / `decline`.
 */
export const ReferralSent = defineEvent(
  SOURCE,
  'ReferralSent',
  z.object({
    referralId: z.string(),
    fromOrganisationId: z.string(),
    fromSiteId: z.string().optional(),
    toOrganisationId: z.string(),
    serviceId: z.string().optional(),
    themes: z.array(z.string()),
    urgency: z.enum(['normal', 'urgent']),
    sentAt: z.string(),
    expiresAt: z.string(),
    /** Until when the signed link works (RELAIS_REFERRAL_LINK_DAYS): it serves until the referral ends, closing included. */
    linkValidUntil: z.string().optional(),
    personId: z.string().optional(),
    /** The reception it follows, when there is one (the observatory counts receptions that led to no referral). */
    receptionId: z.string().optional(),
  }),
);

/**
 * A referral moved: in review, accepted, declined, closed (by the partner), withdrawn (by the
 * sender) or expired (by Relais, `byOrganisationId: null`). Codes only: the decline's category
 * and the close's outcome travel, the free-text comments and reasons never leave intake.
 */
export const ReferralStatusChanged = defineEvent(
  SOURCE,
  'ReferralStatusChanged',
  z.object({
    referralId: z.string(),
    fromOrganisationId: z.string(),
    toOrganisationId: z.string(),
    status: z.enum(['in_review', 'accepted', 'declined', 'closed', 'expired', 'withdrawn']),
    previousStatus: z.enum(['sent', 'in_review', 'accepted']),
    at: z.string(),
    byOrganisationId: z.string().nullable(),
    themes: z.array(z.string()).optional(),
    /** When declined: the category of the reason (the free text never leaves intake). */
    reasonCode: z.string().optional(),
    /** When closed: what became of it (`service_delivered`, `not_delivered`, `person_absent`, `other`). */
    outcome: z.enum(['service_delivered', 'not_delivered', 'person_absent', 'other']).optional(),
  }),
);

/**
 * The reminder day has come: remind the receiver to answer (pending) or to close (accepted), with
 * the same link payload as ReferralSent.
 */
export const ReferralReminderDue = defineEvent(
  SOURCE,
  'ReferralReminderDue',
  z.object({
    referralId: z.string(),
    fromOrganisationId: z.string(),
    toOrganisationId: z.string(),
    expiresAt: z.string(),
    linkValidUntil: z.string().optional(),
    /** The status it waits in: `sent`/`in_review` (an answer is due) or `accepted` (its closing is). */
    status: z.enum(['sent', 'in_review', 'accepted']).optional(),
  }),
);

/** The sender asked Relais to send the receiver the referral's signed link again (a new link, a new delivery). */
export const ReferralLinkRequested = defineEvent(
  SOURCE,
  'ReferralLinkRequested',
  z.object({
    referralId: z.string(),
    fromOrganisationId: z.string(),
    toOrganisationId: z.string(),
    status: z.enum(['sent', 'in_review', 'accepted']),
    expiresAt: z.string(),
    linkValidUntil: z.string(),
    at: z.string(),
  }),
);

/**
 * A person was recorded: that she exists, which organisation recorded her and whether she agreed
 * to share her history — the facts other services' authorisation needs (parcours: who may open
 * one). No identity.
 */
export const PersonRecorded = defineEvent(
  SOURCE,
  'PersonRecorded',
  z.object({
    personId: z.string(),
    recordedByOrganisationId: z.string().nullable(),
    networkSharing: z.boolean(),
    smsSurveys: z.boolean(),
    at: z.string(),
  }),
);

/** A person's consents changed (the person asked): services that rely on them adjust. No identity. */
export const PersonConsentsChanged = defineEvent(
  SOURCE,
  'PersonConsentsChanged',
  z.object({
    personId: z.string(),
    networkSharing: z.boolean(),
    smsSurveys: z.boolean(),
    at: z.string(),
    byOrganisationId: z.string().nullable(),
  }),
);

/**
 * A notice is to reach a person on her own contact (SECURITY.md: a change of her consents
 * notifies her). It carries her phone or e-mail for the notifications service alone, which sends
 * it (ADR 0020), and is published only when she has a contact. No name: the facts of the text
 * and who recorded the change, or her appointment's time and place (ADR 0029).
 */
const PersonAddress = {
  channel: z.enum(['sms', 'email']),
  /** Her phone (E.164) or e-mail, as the channel says. */
  address: z.string(),
};

export const PersonNoticeRequested = defineEvent(
  SOURCE,
  'PersonNoticeRequested',
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('person.consents.changed'),
      ...PersonAddress,
      facts: z.object({
        networkSharing: z.boolean(),
        smsSurveys: z.boolean(),
        at: z.string(),
        byOrganisationName: z.string().nullable(),
        /** The article that name takes (ADR 0028); absent from older events. */
        byOrganisationArticle: z.enum(ARTICLES).optional(),
      }),
    }),
    /** Her appointment (issue 17): booked, or its reminder; the sender sends nothing once it has started. */
    z.object({
      kind: z.enum(['appointment.booked', 'appointment.reminder']),
      ...PersonAddress,
      appointment: z.object({
        appointmentId: z.string(),
        start: z.string(),
        siteName: z.string(),
        channel: z.enum(['site', 'phone', 'video']),
        /** The signed token of her link to cancel or move it (`#/rdv/<token>`, ADR 0042); absent from older events. */
        manageToken: z.string().optional(),
      }),
    }),
    /** Her link to choose her appointment herself (given, or reminded at day 3): the signed token of the link. */
    z.object({
      kind: z.enum(['appointment.booking-link', 'appointment.booking-link-reminder']),
      ...PersonAddress,
      bookingLink: z.object({ token: z.string(), siteName: z.string(), expiresAt: z.string() }),
    }),
    /**
     * Where she was referred (`referral.sent`), or what became of it (`referral.declined`,
     * `referral.closed`; ADR 0033): the partner's public name and place, and codes only — the
     * partner's comment never leaves intake. One per referral event (`referralId` + kind).
     */
    z.object({
      kind: z.enum(['referral.sent', 'referral.declined', 'referral.closed']),
      ...PersonAddress,
      referral: z.object({
        referralId: z.string(),
        organisationName: z.string(),
        organisationArticle: z.enum(ARTICLES).optional(),
        /** The public place she is expected at (directory data), when intake knows which one. */
        site: z
          .object({
            address: z.string().optional(),
            postalCode: z.string().optional(),
            phone: z.string().optional(),
            openingHours: z.string().optional(),
          })
          .optional(),
        reasonCode: z.string().optional(),
        outcome: z.enum(['service_delivered', 'not_delivered', 'person_absent', 'other']).optional(),
      }),
    }),
    /**
     * « Mon espace » (ADR 0036): the one-time code she asked for, or the invitation link a
     * professional sends her. Like the booking link's token, the secret travels in this one event
     * addressed to the notifier (its outbox item lives seconds); intake keeps only its HMAC.
     */
    z.object({
      kind: z.literal('person.sign-in.code'),
      ...PersonAddress,
      signIn: z.object({ code: z.string().regex(/^\d{6}$/), minutes: z.number().int() }),
    }),
    z.object({
      kind: z.literal('person.invitation'),
      ...PersonAddress,
      invitation: z.object({ token: z.string(), expiresAt: z.string() }),
    }),
  ]),
);

/**
 * A person's data was erased (rule 6: no activity for the retention period). Every service drops
 * what it holds about this person id; anonymous counts stay.
 */
export const PersonErased = defineEvent(
  SOURCE,
  'PersonErased',
  z.object({
    personId: z.string(),
    at: z.string(),
    reason: z.enum(['retention']),
  }),
);

/**
 * A professional opened an exceptional access to a person's file (break-glass): the coordinator
 * is told at once. The reason's category only: the free-text details never leave intake.
 */
export const ExceptionalAccessGranted = defineEvent(
  SOURCE,
  'ExceptionalAccessGranted',
  z.object({
    grantId: z.string(),
    personId: z.string(),
    userId: z.string(),
    organisationId: z.string(),
    role: z.string().nullable(),
    reason: z.enum(['danger', 'legal_obligation', 'continuity_of_care']),
    grantedAt: z.string(),
    grantedUntil: z.string(),
  }),
);

/** Scope of the signed links that answer a referral. */
export const REFERRAL_LINK_SCOPE = 'referral';

/** The payload of a referral's signed link: valid until the referral expires, for its receiver only. */
export function referralLinkPayload(data: { referralId: string; toOrganisationId: string; expiresAt: string }) {
  return {
    scope: REFERRAL_LINK_SCOPE,
    subject: data.referralId,
    audience: data.toOrganisationId,
    exp: Math.floor(Date.parse(data.expiresAt) / 1000),
  };
}

/**
 * A person's identity or contact details were corrected (issue 14, ADR 0028). Only the names of
 * the fields that changed travel, never their values: the record stays in intake.
 */
export const PersonCorrected = defineEvent(
  SOURCE,
  'PersonCorrected',
  z.object({
    personId: z.string(),
    fields: z.array(z.enum(['lastName', 'firstName', 'birthDate', 'communeCode', 'phone', 'email', 'contactRefused'])),
    version: z.number().int(),
    at: z.string(),
    byOrganisationId: z.string().nullable(),
  }),
);

/** The codes of a reception a correction may change: never its summary (free text). */
const ReceptionCodesSchema = z.object({
  siteId: z.string(),
  channel: z.enum(['site', 'phone', 'home_visit', 'video', 'mail']),
  themes: z.array(z.string()),
});

/**
 * A reception was corrected (site, channel, themes, summary): the codes before and after, never
 * the summary. `version` is the reception's after the correction: a consumer applies a
 * correction once, and never an older one over a newer (ADR 0028).
 */
export const ReceptionCorrected = defineEvent(
  SOURCE,
  'ReceptionCorrected',
  z.object({
    receptionId: z.string(),
    organisationId: z.string(),
    version: z.number().int(),
    before: ReceptionCodesSchema,
    after: ReceptionCodesSchema,
    at: z.string(),
    byOrganisationId: z.string().nullable(),
  }),
);

/** A reception was cancelled (recorded by mistake, twice…): it leaves every count, and stays in the audit trail. */
export const ReceptionCancelled = defineEvent(
  SOURCE,
  'ReceptionCancelled',
  z.object({
    receptionId: z.string(),
    organisationId: z.string(),
    version: z.number().int(),
    at: z.string(),
    byOrganisationId: z.string().nullable(),
  }),
);
