import * as z from 'zod';
import { ROLES } from '../../../shared/manifest/manifest';

export const HealthSchema = z.object({
  status: z.literal('ok'),
  mode: z.enum(['local', 'aws']),
  time: z.string(),
  /** Local stack: the replay of the events left pending by the previous run (ADR 0015). */
  backlog: z.object({ state: z.enum(['replaying', 'drained']), replayed: z.number().int().nonnegative() }).optional(),
});

export const MeSchema = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  organisationId: z.string().nullable(),
  siteId: z.string().nullable(),
});

export const DemoUserSchema = z.object({
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string(),
  organisationName: z.string(),
  siteId: z.string().nullable(),
});

export const DevTokenRequestSchema = z.strictObject({ username: z.string().min(1).max(100) });
export const DevTokenResponseSchema = z.object({
  accessToken: z.string(),
  expiresIn: z.number(),
  user: DemoUserSchema,
});

export const OutboxQuerySchema = z.strictObject({
  channel: z.enum(['sms', 'notification', 'webhook', 'dead-letter']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const OutboxEntrySchema = z.object({
  id: z.string(),
  channel: z.string(),
  at: z.string(),
  to: z.string(),
  payload: z.unknown(),
  /** The chain the message belongs to (ADR 0020): the request's correlation id, carried by its events. */
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
});
