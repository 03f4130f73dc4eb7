import * as z from 'zod';
import { CommuneCodeSchema, IdSchema, IsoDateSchema, PageQuerySchema, pageOf } from '../../../shared/validation/common.schema';

/** The network's life (trainings, immersions, meetings) and its reach: its routes only (docs/adr/0064). */

export const NetworkEventKindSchema = z.enum(['formation', 'immersion', 'rencontre', 'conference'], {
  message: 'Type attendu : formation, immersion, rencontre ou conference',
});

export const ParticipantSchema = z.strictObject({
  name: z.string().trim().min(2).max(120),
  organisationId: IdSchema,
});

export const CreateNetworkEventSchema = z.strictObject({
  kind: NetworkEventKindSchema,
  title: z.string().trim().min(3).max(200),
  date: IsoDateSchema,
  description: z.string().trim().max(5000).optional(),
  communeCode: CommuneCodeSchema.optional(),
  participants: z.array(ParticipantSchema).max(500).default([]),
});
export type CreateNetworkEventInput = z.infer<typeof CreateNetworkEventSchema>;

export const NetworkEventSchema = z.object({
  id: IdSchema,
  kind: NetworkEventKindSchema,
  title: z.string(),
  date: z.string(),
  description: z.string().optional(),
  communeCode: z.string().optional(),
  participants: z.array(ParticipantSchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NetworkEvent = z.infer<typeof NetworkEventSchema>;

export const ListNetworkEventsQuerySchema = PageQuerySchema.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: NetworkEventKindSchema.optional(),
}).strict();
export const NetworkEventPageSchema = pageOf(NetworkEventSchema);

export const NetworkReachQuerySchema = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
/** Distinct professionals reached in a year (same name in the same organisation counts once). */
export const NetworkReachSchema = z.object({
  year: z.number().int(),
  events: z.number().int(),
  participations: z.number().int(),
  professionalsReached: z.number().int(),
  byKind: z.record(z.string(), z.object({ events: z.number().int(), professionalsReached: z.number().int() })),
});
