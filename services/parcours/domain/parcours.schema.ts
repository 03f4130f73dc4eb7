import * as z from 'zod';
import {
  CommuneCodeSchema,
  IdSchema,
  IsoDateSchema,
  PageQuerySchema,
  pageOf,
  VersionSchema,
} from '../../../shared/validation/common.schema';

/** Free text typed by a professional: trimmed, never empty. */
const text = (max: number) => z.string().trim().min(1).max(max);

export const PARCOURS_STATUSES = ['active', 'suspended', 'closed'] as const;
export type ParcoursStatus = (typeof PARCOURS_STATUSES)[number];
export const ACTION_STATUSES = ['todo', 'doing', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const OUTCOMES = ['achieved', 'partly', 'not_achieved'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const VISIBILITIES = ['all', 'referent'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** How the person gave their agreement: out loud, on paper, or online (as intake's consents). */
export const AgreementMethodSchema = z.enum(['oral', 'written', 'digital']);

/**
 * The person's agreement (DOMAIN rule 3). Every part is optional in the *shape* so that a
 * missing one is the domain's 422 ("the person did not agree"), not a 400 about the form.
 */
export const AgreementInputSchema = z.strictObject({
  referentChosenByPerson: z.boolean().optional(),
  sharingAccepted: z.boolean().optional(),
  date: IsoDateSchema.optional(),
  method: AgreementMethodSchema.optional(),
});
export type AgreementInput = z.infer<typeof AgreementInputSchema>;

export const OpenParcoursSchema = z.strictObject({
  personId: IdSchema,
  /** The référent the person chose: the social worker opening the parcours (see ADR 0011). Defaults to the caller. */
  referentUserId: z.string().min(1).max(200).optional(),
  agreement: AgreementInputSchema.optional(),
  /** The territory (STS) id. */
  territory: IdSchema.optional(),
  /** The référent's role label shown to members (default « Référent de parcours »). */
  referentRole: text(80).optional(),
});
export type OpenParcoursInput = z.infer<typeof OpenParcoursSchema>;

export const ListParcoursQuerySchema = PageQuerySchema.extend({
  mine: z.enum(['true']).optional(),
  status: z.enum(PARCOURS_STATUSES).optional(),
});

export const ParcoursParamsSchema = z.strictObject({ id: IdSchema });
export const MemberParamsSchema = z.strictObject({ id: IdSchema, memberId: IdSchema });
export const GoalParamsSchema = z.strictObject({ id: IdSchema, goalId: IdSchema });
export const ActionParamsSchema = z.strictObject({ id: IdSchema, goalId: IdSchema, actionId: IdSchema });

export const AddMemberSchema = z.strictObject({
  /** A Relais user (`sub`); absent for a professional outside Relais, known by name and organisation. */
  userId: z.string().min(1).max(200).optional(),
  name: text(120),
  organisationId: IdSchema,
  role: text(80),
  since: IsoDateSchema.optional(),
  until: IsoDateSchema.optional(),
});
export type AddMemberInput = z.infer<typeof AddMemberSchema>;

export const RemoveMemberSchema = z.strictObject({ reason: text(500).optional() });

export const ChangeReferentSchema = z.strictObject({
  /** Why the person asked for another référent (kept with the change). */
  reason: text(1000),
  /** The person's choice of the new référent: when and how it was given. */
  agreement: z.strictObject({ date: IsoDateSchema, method: AgreementMethodSchema.optional() }),
});
export type ChangeReferentInput = z.infer<typeof ChangeReferentSchema>;

/** The owner of an action the person herself carries out (`ownerMemberId`; she is no member): ADR 0038. */
export const PERSON_OWNER = 'personne';
/** An action's owner: a member, or the person herself (she may then mark it done in « Mon espace »). */
export const OwnerIdSchema = z.union([IdSchema, z.literal(PERSON_OWNER)]);

export const NewActionSchema = z.strictObject({
  label: text(300),
  ownerMemberId: OwnerIdSchema,
  dueDate: IsoDateSchema,
});
export type NewActionInput = z.infer<typeof NewActionSchema>;

export const AddGoalSchema = z.strictObject({
  title: text(300),
  actions: z.array(NewActionSchema).max(30).default([]),
});
export type AddGoalInput = z.infer<typeof AddGoalSchema>;

export const UpdateActionSchema = z.strictObject({
  version: VersionSchema,
  status: z.enum(ACTION_STATUSES).optional(),
  label: text(300).optional(),
  ownerMemberId: OwnerIdSchema.optional(),
  dueDate: IsoDateSchema.optional(),
});
export type UpdateActionInput = z.infer<typeof UpdateActionSchema>;

/** A meeting's decision; with a goal, an owner and a due date it also becomes an action of that goal. */
export const DecisionInputSchema = z.union([
  text(500).transform((label) => ({ label })),
  z.strictObject({
    label: text(500),
    goalId: IdSchema.optional(),
    ownerMemberId: OwnerIdSchema.optional(),
    dueDate: IsoDateSchema.optional(),
  }),
]);
export type DecisionInput = z.infer<typeof DecisionInputSchema>;

export const RecordMeetingSchema = z.strictObject({
  date: IsoDateSchema,
  /** Rule 3: the person is invited; present unless said otherwise. */
  personPresent: z.boolean().default(true),
  participants: z.array(IdSchema).min(1).max(50),
  notes: z.string().trim().max(10_000).default(''),
  decisions: z.array(DecisionInputSchema).max(30).default([]),
});
export type RecordMeetingInput = z.infer<typeof RecordMeetingSchema>;

export const AddJournalEntrySchema = z
  .strictObject({
    date: IsoDateSchema.optional(),
    text: text(5000),
    visibility: z.enum(VISIBILITIES).default('all'),
    /**
     * The person reads the entry in her space (issue 15 point 6). A journal entry is a
     * professionals' note: hidden from her unless the author says so. An entry for the référent
     * only is never shown to her (ADR 0037).
     */
    visibleToPerson: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.visibleToPerson && v.visibility === 'referent') {
      ctx.addIssue({
        code: 'custom',
        path: ['visibleToPerson'],
        message: 'Une note réservée au référent ne peut pas être montrée à la personne',
      });
    }
  });
export type AddJournalEntryInput = z.infer<typeof AddJournalEntrySchema>;

export const SuspendSchema = z.strictObject({ reason: text(1000) });
export const ResumeSchema = z.strictObject({ comment: text(1000).optional() });

export const CloseParcoursSchema = z.strictObject({
  reason: text(1000),
  goals: z
    .array(z.strictObject({ goalId: IdSchema, outcome: z.enum(OUTCOMES), comment: text(2000).optional() }))
    .max(100)
    .default([]),
  /** The person's own view of the accompaniment, in their words. */
  personView: text(5000),
});
export type CloseParcoursInput = z.infer<typeof CloseParcoursSchema>;

// Territories ------------------------------------------------------------------------------------

export const TerritoryParamsSchema = z.strictObject({ id: IdSchema });

export const CreateTerritorySchema = z.strictObject({
  name: text(120),
  communeCodes: z
    .array(CommuneCodeSchema)
    .min(1)
    .max(1000)
    .transform((codes) => [...new Set(codes)].sort()),
  referentDeployed: z.boolean().default(false),
  deployedOn: IsoDateSchema.optional(),
});
export type CreateTerritoryInput = z.infer<typeof CreateTerritorySchema>;

export const PatchTerritorySchema = z.strictObject({
  version: VersionSchema,
  name: text(120).optional(),
  communeCodes: z
    .array(CommuneCodeSchema)
    .min(1)
    .max(1000)
    .transform((codes) => [...new Set(codes)].sort())
    .optional(),
  referentDeployed: z.boolean().optional(),
  deployedOn: IsoDateSchema.nullable().optional(),
});
export type PatchTerritoryInput = z.infer<typeof PatchTerritorySchema>;

export const TerritorySchema = z.object({
  id: z.string(),
  name: z.string(),
  communeCodes: z.array(z.string()),
  referentDeployed: z.boolean(),
  deployedOn: z.string().optional(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Territory = z.infer<typeof TerritorySchema>;
export const TerritoryListSchema = z.object({ items: z.array(TerritorySchema) });

// What is stored and answered -----------------------------------------------------------------

const WhoSchema = z.object({ userId: z.string(), name: z.string(), organisationId: z.string().nullable() });
export type Who = z.infer<typeof WhoSchema>;

export const AgreementSchema = z.object({
  referentChosenByPerson: z.literal(true),
  sharingAccepted: z.literal(true),
  date: z.string(),
  method: AgreementMethodSchema.optional(),
  recordedAt: z.string(),
  recordedBy: WhoSchema,
});
export type Agreement = z.infer<typeof AgreementSchema>;

export const MemberSchema = z.object({
  id: z.string(),
  userId: z.string().optional(),
  name: z.string(),
  organisationId: z.string(),
  role: z.string(),
  since: z.string(),
  until: z.string().optional(),
  addedAt: z.string(),
  addedBy: WhoSchema,
  removedAt: z.string().optional(),
  removedBy: WhoSchema.optional(),
  removalReason: z.string().optional(),
});
export type Member = z.infer<typeof MemberSchema>;

export const ActionSchema = z.object({
  id: z.string(),
  label: z.string(),
  ownerMemberId: z.string(),
  dueDate: z.string(),
  status: z.enum(ACTION_STATUSES),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: WhoSchema,
  /** The meeting whose decision it came from. */
  fromMeetingId: z.string().optional(),
  /** When its owner was reminded that it is overdue (once). */
  remindedAt: z.string().optional(),
});
export type Action = z.infer<typeof ActionSchema>;

export const GoalSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  createdBy: WhoSchema,
  actions: z.array(ActionSchema),
});
export type Goal = z.infer<typeof GoalSchema>;

export const ReferentChangeSchema = z.object({
  at: z.string(),
  previousReferentUserId: z.string(),
  previousReferentMemberId: z.string(),
  referentUserId: z.string(),
  referentMemberId: z.string(),
  reason: z.string(),
  agreement: z.object({ date: z.string(), method: AgreementMethodSchema.optional() }),
});

export const StatusChangeSchema = z.object({
  status: z.enum(PARCOURS_STATUSES),
  at: z.string(),
  by: WhoSchema,
  reason: z.string().optional(),
});

export const ClosingSchema = z.object({
  reason: z.string(),
  personView: z.string(),
  goals: z.array(z.object({ goalId: z.string(), outcome: z.enum(OUTCOMES), comment: z.string().optional() })),
  closedAt: z.string(),
  closedBy: WhoSchema,
});
export type Closing = z.infer<typeof ClosingSchema>;

export const DecisionSchema = z.object({ label: z.string(), goalId: z.string().optional(), actionId: z.string().optional() });

export const MeetingSchema = z.object({
  id: z.string(),
  date: z.string(),
  personPresent: z.boolean(),
  participants: z.array(z.string()),
  notes: z.string(),
  decisions: z.array(DecisionSchema),
  recordedAt: z.string(),
  recordedBy: WhoSchema,
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const JournalEntrySchema = z.object({
  id: z.string(),
  date: z.string(),
  text: z.string(),
  visibility: z.enum(VISIBILITIES),
  /** Shown to the person in her space; absent (older entries): not shown. */
  visibleToPerson: z.boolean().optional(),
  authorMemberId: z.string(),
  author: WhoSchema,
  createdAt: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export const JournalEntryParamsSchema = z.strictObject({ id: IdSchema, entryId: IdSchema });
/** `PATCH /api/parcours/{id}/journal/{entryId}`: show a note to the person, or hide it again (issue 15 point 6). */
export const JournalVisibilitySchema = z.strictObject({ visibleToPerson: z.boolean() });
export type JournalVisibilityInput = z.infer<typeof JournalVisibilitySchema>;

/** `POST /api/me/person/parcours/{id}/comments`: the person's comment on her plan, on a goal or an action of it, or on the whole. */
export const AddPersonCommentSchema = z
  .strictObject({
    goalId: IdSchema.optional(),
    actionId: IdSchema.optional(),
    text: text(2000),
  })
  .superRefine((v, ctx) => {
    if (v.actionId && !v.goalId) ctx.addIssue({ code: 'custom', path: ['goalId'], message: 'Indiquez l’objectif de cette action' });
  });
export type AddPersonCommentInput = z.infer<typeof AddPersonCommentSchema>;

/** A comment the person wrote on her plan (« Mon espace »): the référent and the members read it on the parcours. */
export const PersonCommentSchema = z.object({
  id: z.string(),
  goalId: z.string().optional(),
  actionId: z.string().optional(),
  text: z.string(),
  /** Always the person herself (her own space): professionals write in the journal. */
  author: z.literal('personne'),
  createdAt: z.string(),
});
export type PersonComment = z.infer<typeof PersonCommentSchema>;

/** The parcours record (one item): everything but meetings and journal entries, which are items of their own. */
export const ParcoursRecordSchema = z.object({
  id: z.string(),
  personId: z.string(),
  status: z.enum(PARCOURS_STATUSES),
  territoryId: z.string().optional(),
  referentMemberId: z.string(),
  agreement: AgreementSchema,
  members: z.array(MemberSchema),
  goals: z.array(GoalSchema),
  referentChanges: z.array(ReferentChangeSchema),
  statusChanges: z.array(StatusChangeSchema),
  closing: ClosingSchema.optional(),
  openedAt: z.string(),
  openedBy: WhoSchema,
  updatedAt: z.string(),
  version: z.number(),
});
export type ParcoursRecord = z.infer<typeof ParcoursRecordSchema>;

/** A parcours as a member reads it (journal entries for the référent only are left out for others). */
export const ParcoursViewSchema = ParcoursRecordSchema.extend({
  referent: MemberSchema,
  meetings: z.array(MeetingSchema),
  journal: z.array(JournalEntrySchema),
  /** The person's comments on her plan, newest first. */
  comments: z.array(PersonCommentSchema),
  /** What the caller may do, for the screens (the API decides anyway). */
  you: z.object({ memberId: z.string(), isReferent: z.boolean() }),
});

export const ParcoursSummarySchema = z.object({
  id: z.string(),
  personId: z.string(),
  status: z.enum(PARCOURS_STATUSES),
  territoryId: z.string().optional(),
  referent: z.object({ userId: z.string().optional(), name: z.string(), organisationId: z.string() }),
  memberCount: z.number(),
  goalCount: z.number(),
  openActions: z.number(),
  overdueActions: z.number(),
  openedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().optional(),
});
export type ParcoursSummary = z.infer<typeof ParcoursSummarySchema>;
export const ParcoursPageSchema = pageOf(ParcoursSummarySchema);
