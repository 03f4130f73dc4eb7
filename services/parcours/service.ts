import { defineService } from '../../shared/manifest/manifest';
import { PARCOURS } from './owner';
import { addActionRoute } from './routes/add-action.route';
import { addGoalRoute } from './routes/add-goal.route';
import { addJournalEntryRoute } from './routes/add-journal-entry.route';
import { addMemberRoute } from './routes/add-member.route';
import { addMyCommentRoute } from './routes/add-my-comment.route';
import { answerPersonRequestRoute } from './routes/answer-person-request.route';
import { changeReferentRoute } from './routes/change-referent.route';
import { closeParcoursRoute } from './routes/close-parcours.route';
import { handler } from './routes/common';
import { createTerritoryRoute } from './routes/create-territory.route';
import { deleteMemberRoute } from './routes/delete-member.route';
import { getParcoursRoute } from './routes/get-parcours.route';
import { listParcoursRoute } from './routes/list-parcours.route';
import { listTerritoriesRoute } from './routes/list-territories.route';
import { markActionDoneRoute } from './routes/mark-done.route';
import { myParcoursRoute } from './routes/my-parcours.route';
import { openParcoursRoute } from './routes/open-parcours.route';
import { patchTerritoryRoute } from './routes/patch-territory.route';
import { listPersonRequestsRoute } from './routes/person-requests.route';
import { addPersonViewRoute } from './routes/person-view.route';
import { proposeGoalRoute } from './routes/propose-goal.route';
import { recordMeetingRoute } from './routes/record-meeting.route';
import { askReferentRoute } from './routes/referent-request.route';
import { listReferentRequestsRoute } from './routes/referent-requests.route';
import { removeMemberRoute } from './routes/remove-member.route';
import { resumeParcoursRoute } from './routes/resume-parcours.route';
import { setJournalVisibilityRoute } from './routes/set-journal-visibility.route';
import { suspendParcoursRoute } from './routes/suspend-parcours.route';
import { updateActionRoute } from './routes/update-action.route';

/**
 * Parcours: the coordinated accompaniment of one person by a référent they chose, with the
 * members, the shared plan, the meetings, the journal and the closing assessment; and the
 * territories where the approach is deployed. See README.md and ADR 0011.
 */
export const parcoursService = defineService({
  name: PARCOURS.service,
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
    openParcoursRoute,
    listParcoursRoute,
    getParcoursRoute,
    addMemberRoute,
    removeMemberRoute,
    deleteMemberRoute,
    changeReferentRoute,
    addGoalRoute,
    addActionRoute,
    updateActionRoute,
    recordMeetingRoute,
    addJournalEntryRoute,
    setJournalVisibilityRoute,
    addMyCommentRoute,
    suspendParcoursRoute,
    resumeParcoursRoute,
    closeParcoursRoute,
    listTerritoriesRoute,
    createTerritoryRoute,
    patchTerritoryRoute,
    myParcoursRoute,
    proposeGoalRoute,
    markActionDoneRoute,
    addPersonViewRoute,
    askReferentRoute,
    listPersonRequestsRoute,
    answerPersonRequestRoute,
    listReferentRequestsRoute,
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
  needs: { secrets: ['link'] },
});

export type ParcoursManifest = typeof parcoursService;
