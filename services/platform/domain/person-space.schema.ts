import * as z from 'zod';
import { IdSchema } from '../../../shared/validation/common.schema';

export const PersonExportParamsSchema = z.strictObject({ id: IdSchema });

const Items = z.array(z.record(z.string(), z.unknown()));

/** `GET /api/me/person` (API.md): her file as she may see it; each part as its service gives it (ADR 0037). */
export const MyFileSchema = z.object({
  person: z.record(z.string(), z.unknown()),
  consents: z.record(z.string(), z.unknown()),
  receptions: Items,
  referrals: Items,
  parcours: Items,
  appointments: Items,
});
