import * as z from 'zod';
import { defineEvent } from '../../../shared/events/envelope';

const SOURCE = 'relais.notifications';

/**
 * An organisation was given a new webhook signing secret. The secret itself never travels in an
 * event (ADR 0020): the directory learns only that one exists, to say so on the organisation.
 */
export const WebhookSecretRotated = defineEvent(
  SOURCE,
  'WebhookSecretRotated',
  z.object({
    organisationId: z.string(),
    createdAt: z.string(),
  }),
);

/**
 * Which channels now reach an organisation (issue 14: the referral form shows it before sending).
 * Booleans only: the addresses never leave the notifications service (ADR 0020). Published with
 * each newer version of an organisation's channels; intake keeps the newest.
 */
export const OrganisationReachabilityChanged = defineEvent(
  SOURCE,
  'OrganisationReachabilityChanged',
  z.object({
    organisationId: z.string(),
    version: z.number().int(),
    channels: z.object({ email: z.boolean(), sms: z.boolean(), webhook: z.boolean() }),
  }),
);

/** Why a partner delivery failed, as a code: never an address, a message body or the partner's answer. */
export const DELIVERY_FAILURE_REASONS = [
  /** The partner's server answered, but not with 2xx (a redirect included). */
  'refused',
  /** No answer in time. */
  'timeout',
  /** The address could not be reached (connection refused, unknown host, certificate). */
  'unreachable',
  /** The address itself is not usable (not http(s), a private address). */
  'invalid_address',
  /** A webhook URL without a signing secret: nothing can be sent. */
  'no_secret',
  /** The notifications topic did not accept the message (e-mail and SMS). */
  'not_accepted',
  'other',
] as const;
export type DeliveryFailureReason = (typeof DELIVERY_FAILURE_REASONS)[number];

/**
 * What became of one delivery of a referral to its receiving organisation (ADR 0034): one
 * channel (`email`, `sms`, `webhook`) of the notice caused by intake's `ReferralSent` or
 * `ReferralLinkRequested`, identified by the referral and the instant of that request
 * (`requestedAt`: the event's `sentAt` or `at`). `retried`: attempt `attempt` of `maxAttempts`
 * failed and the delivery will be made again; `failed`: the attempts are spent (or nothing can be
 * sent), with a reason code. Codes and counts only: no address, no message, no answer body.
 */
export const PartnerDeliveryReported = defineEvent(
  SOURCE,
  'PartnerDeliveryReported',
  z.object({
    referralId: z.string(),
    organisationId: z.string(),
    channel: z.enum(['email', 'sms', 'webhook']),
    requestedAt: z.string(),
    status: z.enum(['delivered', 'retried', 'failed']),
    at: z.string(),
    attempt: z.number().int().min(1),
    maxAttempts: z.number().int().min(1),
    reasonCode: z.enum(DELIVERY_FAILURE_REASONS).optional(),
  }),
);
