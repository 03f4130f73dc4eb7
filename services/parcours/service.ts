import * as z from 'zod';
import { defineService } from '../../shared/manifest/manifest';
import {
  ActionParamsSchema,
  ActionSchema,
  AddGoalSchema,
  AddPersonCommentSchema,
  AddJournalEntrySchema,
  AddMemberSchema,
  ChangeReferentSchema,
  CloseParcoursSchema,
  CreateTerritorySchema,
  GoalParamsSchema,
  GoalSchema,
  JournalEntrySchema,
  ListParcoursQuerySchema,
  MeetingSchema,
  MemberParamsSchema,
  MemberSchema,
  NewActionSchema,
  OpenParcoursSchema,
  ParcoursPageSchema,
  ParcoursParamsSchema,
  ParcoursViewSchema,
  PatchTerritorySchema,
  PersonCommentSchema,
  RecordMeetingSchema,
  RemoveMemberSchema,
  ResumeSchema,
  SuspendSchema,
  TerritoryListSchema,
  TerritoryParamsSchema,
  TerritorySchema,
  UpdateActionSchema,
} from './domain/parcours.schema';

/** Reception agents, social workers and partners may be members (SECURITY.md); never the coordinator or admins. */
const FIELD = ['accueil', 'travailleur_social', 'partenaire'] as const;
const SOCIAL_WORKER = ['travailleur_social'] as const;
const COORDINATION = ['pilote', 'admin'] as const;
const handler = (name: string) => `services/parcours/handlers/${name}`;

const StatusSchema = z.object({ id: z.string(), status: z.string(), version: z.number() });

/**
 * Parcours: the coordinated accompaniment of one person by a référent they chose, with the
 * members, the shared plan, the meetings, the journal and the closing assessment; and the
 * territories where the approach is deployed. See README.md and ADR 0011.
 */
export const parcoursService = defineService({
  name: 'parcours',
  owns: 'parcours (référent chosen by the person, members, shared plan, meetings, journal, closing assessment), territories',
  eventSource: 'relais.parcours',
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      indexes: [
        // "Mes parcours" (MEMBER#<userId>) and the territories (TERRITORIES).
        { name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
        // The parcours of a person (PERSON#<personId>): what to erase when intake erases the person.
        { name: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
        // Sparse: only active parcours with an unreminded action carry `duePk`, by its earliest due date.
        { name: 'due', partitionKey: { name: 'duePk', type: 'S' }, sortKey: { name: 'dueAt', type: 'S' } },
      ],
      ttlAttribute: 'expiresAt',
      outbox: true,
      holdsPersonData: true,
    },
  ],
  personData: {
    handler: handler('person-data.handler.ts'),
    description:
      'ses parcours : référent et membres, plan (objectifs, actions, échéances), décisions des instances, notes du journal qui lui sont montrées, bilan, ses commentaires',
  },
  routes: [
    {
      id: 'openParcours',
      method: 'POST',
      path: '/api/parcours',
      access: SOCIAL_WORKER,
      handler: handler('open-parcours.handler.ts'),
      summary: 'Ouvrir un parcours avec l’accord enregistré de la personne (référent choisi, partage accepté) ; 422 sans',
      schemas: { body: OpenParcoursSchema, response: ParcoursViewSchema },
      successStatus: 201,
    },
    {
      id: 'listParcours',
      method: 'GET',
      path: '/api/parcours',
      access: FIELD,
      handler: handler('list-parcours.handler.ts'),
      summary: 'Mes parcours : ceux dont je suis membre (mine=true), filtre par statut',
      schemas: { query: ListParcoursQuerySchema, response: ParcoursPageSchema },
    },
    {
      id: 'getParcours',
      method: 'GET',
      path: '/api/parcours/{id}',
      access: FIELD,
      handler: handler('get-parcours.handler.ts'),
      summary: 'Lire un parcours : plan, instances, journal, membres (membres seulement)',
      schemas: { params: ParcoursParamsSchema, response: ParcoursViewSchema },
    },
    {
      id: 'addMember',
      method: 'POST',
      path: '/api/parcours/{id}/members',
      access: FIELD,
      handler: handler('add-member.handler.ts'),
      summary: 'Ajouter un intervenant (utilisateur de Relais ou professionnel extérieur) ; référent seulement',
      schemas: { params: ParcoursParamsSchema, body: AddMemberSchema, response: MemberSchema },
      successStatus: 201,
    },
    {
      id: 'removeMember',
      method: 'POST',
      path: '/api/parcours/{id}/members/{memberId}/remove',
      access: FIELD,
      handler: handler('remove-member.handler.ts'),
      summary: 'Retirer un intervenant, avec le motif ; référent seulement',
      schemas: { params: MemberParamsSchema, body: RemoveMemberSchema, response: MemberSchema },
    },
    {
      id: 'deleteMember',
      method: 'DELETE',
      path: '/api/parcours/{id}/members/{memberId}',
      access: FIELD,
      handler: handler('delete-member.handler.ts'),
      summary: 'Retirer un intervenant (sans motif) ; référent seulement',
      schemas: { params: MemberParamsSchema, response: MemberSchema },
    },
    {
      id: 'changeReferent',
      method: 'POST',
      path: '/api/parcours/{id}/referent',
      access: SOCIAL_WORKER,
      handler: handler('change-referent.handler.ts'),
      summary: 'La personne a choisi un autre référent : le nouveau (membre du parcours) prend le relais, avec le motif',
      schemas: { params: ParcoursParamsSchema, body: ChangeReferentSchema },
    },
    {
      id: 'addGoal',
      method: 'POST',
      path: '/api/parcours/{id}/goals',
      access: FIELD,
      handler: handler('add-goal.handler.ts'),
      summary: 'Ajouter un objectif au plan, avec ses actions (responsable membre, échéance)',
      schemas: { params: ParcoursParamsSchema, body: AddGoalSchema, response: GoalSchema },
      successStatus: 201,
    },
    {
      id: 'addAction',
      method: 'POST',
      path: '/api/parcours/{id}/goals/{goalId}/actions',
      access: FIELD,
      handler: handler('add-action.handler.ts'),
      summary: 'Ajouter une action à un objectif',
      schemas: { params: GoalParamsSchema, body: NewActionSchema, response: ActionSchema },
      successStatus: 201,
    },
    {
      id: 'updateAction',
      method: 'PATCH',
      path: '/api/parcours/{id}/goals/{goalId}/actions/{actionId}',
      access: FIELD,
      handler: handler('update-action.handler.ts'),
      summary: 'Modifier une action (statut, libellé, responsable, échéance) ; 409 si la version est périmée',
      schemas: { params: ActionParamsSchema, body: UpdateActionSchema, response: ActionSchema },
    },
    {
      id: 'recordMeeting',
      method: 'POST',
      path: '/api/parcours/{id}/meetings',
      access: FIELD,
      handler: handler('record-meeting.handler.ts'),
      summary: 'Consigner une instance de concertation (participants, présence de la personne, notes, décisions)',
      schemas: { params: ParcoursParamsSchema, body: RecordMeetingSchema, response: MeetingSchema },
      successStatus: 201,
    },
    {
      id: 'addJournalEntry',
      method: 'POST',
      path: '/api/parcours/{id}/journal',
      access: FIELD,
      handler: handler('add-journal-entry.handler.ts'),
      summary: 'Écrire dans le journal du parcours (visible de tous les membres ou du référent seul)',
      schemas: { params: ParcoursParamsSchema, body: AddJournalEntrySchema, response: JournalEntrySchema },
      successStatus: 201,
    },
    {
      id: 'addMyComment',
      method: 'POST',
      path: '/api/me/person/parcours/{id}/comments',
      access: ['personne'],
      handler: handler('add-my-comment.handler.ts'),
      summary: 'La personne commente son plan (tout le plan, un objectif ou une action) : le référent et les membres le lisent',
      schemas: { params: ParcoursParamsSchema, body: AddPersonCommentSchema, response: PersonCommentSchema },
      successStatus: 201,
    },
    {
      id: 'suspendParcours',
      method: 'POST',
      path: '/api/parcours/{id}/suspend',
      access: FIELD,
      handler: handler('suspend-parcours.handler.ts'),
      summary: 'Suspendre le parcours, avec le motif ; référent seulement',
      schemas: { params: ParcoursParamsSchema, body: SuspendSchema, response: StatusSchema },
    },
    {
      id: 'resumeParcours',
      method: 'POST',
      path: '/api/parcours/{id}/resume',
      access: FIELD,
      handler: handler('resume-parcours.handler.ts'),
      summary: 'Reprendre un parcours suspendu ; référent seulement',
      schemas: { params: ParcoursParamsSchema, body: ResumeSchema, response: StatusSchema },
    },
    {
      id: 'closeParcours',
      method: 'POST',
      path: '/api/parcours/{id}/close',
      access: FIELD,
      handler: handler('close-parcours.handler.ts'),
      summary: 'Clôturer avec le bilan : résultat par objectif, parole de la personne, motif ; référent seulement',
      schemas: { params: ParcoursParamsSchema, body: CloseParcoursSchema },
    },
    {
      id: 'listTerritories',
      method: 'GET',
      path: '/api/territories',
      access: 'authenticated',
      handler: handler('list-territories.handler.ts'),
      summary: 'Les territoires (STS) et le déploiement de la démarche référent',
      schemas: { response: TerritoryListSchema },
    },
    {
      id: 'createTerritory',
      method: 'POST',
      path: '/api/territories',
      access: COORDINATION,
      handler: handler('create-territory.handler.ts'),
      summary: 'Créer un territoire (communes, déploiement de la démarche référent)',
      schemas: { body: CreateTerritorySchema, response: TerritorySchema },
      successStatus: 201,
    },
    {
      id: 'patchTerritory',
      method: 'PATCH',
      path: '/api/territories/{id}',
      access: COORDINATION,
      handler: handler('patch-territory.handler.ts'),
      summary: 'Modifier un territoire (communes, déploiement) ; 409 si la version est périmée',
      schemas: { params: TerritoryParamsSchema, body: PatchTerritorySchema, response: TerritorySchema },
    },
  ],
  subscriptions: [
    {
      id: 'personFacts',
      pattern: { source: ['relais.intake'], 'detail-type': ['PersonRecorded', 'PersonConsentsChanged'] },
      handler: handler('person-facts.consumer.ts'),
      description:
        'Garde ce que la politique d’accès demande pour ouvrir un parcours : la personne existe, qui l’a enregistrée, son accord de partage',
    },
    {
      id: 'personErased',
      pattern: { source: ['relais.intake'], 'detail-type': ['PersonErased'] },
      handler: handler('person-erased.consumer.ts'),
      description: 'Efface les parcours d’une personne effacée par l’accueil (durée de conservation, rule 6)',
    },
  ],
  schedules: [
    {
      id: 'overdueActions',
      expression: 'rate(1 hour)',
      handler: handler('overdue-actions.schedule.ts'),
      description: 'Repère les actions en retard des parcours actifs et en prévient les responsables',
    },
  ],
  // The link secret: pagination cursors are signed with a key derived from it (shared/dynamo/paging.ts).
  needs: { accounts: true, secrets: ['link'] },
});

export type ParcoursManifest = typeof parcoursService;
