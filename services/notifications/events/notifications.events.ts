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
