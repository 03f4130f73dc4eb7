import * as z from 'zod';
import { IdSchema, IsoDateSchema, PageQuerySchema, pageOf } from '../../../shared/validation/common.schema';
import { ACTION_STATUSES, PARCOURS_STATUSES } from './parcours.schema';

export { OwnerIdSchema, PERSON_OWNER } from './parcours.schema';

/**
 * What the person does on her own parcours in « Mon espace » (issue 15, point 3; ADR 0038):
 * she proposes a goal, marks done an action she owns, gives her view before a meeting and asks
 * for another référent. Each is a « demande de la personne » kept in the parcours' partition,
 * that the members read and the référent answers.
 */

/** Her words: trimmed, never empty. */
const words = (max: number) => z.string().trim().min(1).max(max);

export const PERSON_REQUEST_KINDS = ['goal', 'view', 'referent'] as const;
export type PersonRequestKind = (typeof PERSON_REQUEST_KINDS)[number];
/** `pending`: waiting for the référent; `accepted`: a proposed goal became a goal; `answered`: the référent answered; `shared`: her view, for the members to read. */
export const PERSON_REQUEST_STATUSES = ['pending', 'accepted', 'answered', 'shared'] as const;
export type PersonRequestStatus = (typeof PERSON_REQUEST_STATUSES)[number];

export const MyParcoursParamsSchema = z.strictObject({ id: IdSchema });
export const MyActionParamsSchema = z.strictObject({ id: IdSchema, goalId: IdSchema, actionId: IdSchema });
export const PersonRequestParamsSchema = z.strictObject({ id: IdSchema, requestId: IdSchema });

export const ProposeGoalSchema = z.strictObject({ title: words(300), details: words(2000).optional() });
export type ProposeGoalInput = z.infer<typeof ProposeGoalSchema>;
/** Her view before a meeting: for the next meeting (its date when she knows it). */
export const PersonViewSchema = z.strictObject({ text: words(5000), meetingDate: IsoDateSchema.optional() });
export type PersonViewInput = z.infer<typeof PersonViewSchema>;
export const ReferentRequestSchema = z.strictObject({ reason: words(1000) });
export type ReferentRequestInput = z.infer<typeof ReferentRequestSchema>;
/** Marking done needs nothing more than the action's address. */
export const MarkDoneSchema = z.strictObject({});

/** The référent answers; a proposed goal may be accepted (it becomes a goal of the plan). */
export const AnswerPersonRequestSchema = z.strictObject({ text: z.string().trim().max(2000).optional(), accept: z.boolean().optional() });
export type AnswerPersonRequestInput = z.infer<typeof AnswerPersonRequestSchema>;

export const PersonRequestSchema = z.object({
  id: z.string(),
  parcoursId: z.string(),
  kind: z.enum(PERSON_REQUEST_KINDS),
  status: z.enum(PERSON_REQUEST_STATUSES),
  at: z.string(),
  /** A proposed goal's title. */
  title: z.string().optional(),
  /** Her words: the goal's details, her view, why she asks for another référent. */
  text: z.string().optional(),
  meetingDate: z.string().optional(),
  answer: z
    .object({
      text: z.string().optional(),
      at: z.string(),
      by: z.object({ userId: z.string(), name: z.string(), organisationId: z.string().nullable() }),
    })
    .optional(),
  /** The goal a proposal became. */
  goalId: z.string().optional(),
  version: z.number(),
});
export type PersonRequest = z.infer<typeof PersonRequestSchema>;
export const PersonRequestListSchema = z.object({ items: z.array(PersonRequestSchema) });

/** Her parcours as she acts on it (`GET /api/me/person/parcours`). */
export const MyParcoursSchema = z.object({
  id: z.string(),
  status: z.enum(PARCOURS_STATUSES),
  referent: z.object({ name: z.string(), role: z.string() }),
  goals: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      actions: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          dueDate: z.string(),
          status: z.enum(ACTION_STATUSES),
          /** She carries it out herself: she may mark it done. */
          mine: z.boolean(),
          ownerName: z.string(),
        }),
      ),
    }),
  ),
  requests: z.array(PersonRequestSchema),
});
export const MyParcoursListSchema = z.object({ items: z.array(MyParcoursSchema) });

/** The coordinator's list of requests for another référent (no name of the person: ids, dates, who is référent). */
export const ReferentRequestsQuerySchema = PageQuerySchema.extend({ status: z.enum(['pending', 'answered']).optional() });
export const ReferentRequestRowSchema = z.object({
  id: z.string(),
  parcoursId: z.string(),
  personId: z.string(),
  at: z.string(),
  status: z.enum(PERSON_REQUEST_STATUSES),
  reason: z.string(),
  territoryId: z.string().optional(),
  referent: z.object({ name: z.string(), organisationId: z.string() }),
  answer: PersonRequestSchema.shape.answer,
});
export type ReferentRequestRow = z.infer<typeof ReferentRequestRowSchema>;
export const ReferentRequestPageSchema = pageOf(ReferentRequestRowSchema);
