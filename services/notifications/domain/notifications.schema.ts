import * as z from 'zod';
import { IdSchema } from '../../../shared/validation/common.schema';

export const IdParamsSchema = z.strictObject({ id: IdSchema });

/** A new webhook signing secret, answered once by the rotation route and never shown again. */
export const WebhookSecretSchema = z.object({ secret: z.string(), createdAt: z.string() });
