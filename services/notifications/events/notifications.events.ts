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
