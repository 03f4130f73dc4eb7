import { defineService } from '../../shared/manifest/manifest';
import {
  ExceptionalAccessGrantedSchema,
  ExceptionalAccessPageSchema,
  ExceptionalAccessRequestSchema,
  ListExceptionalAccessesQuerySchema,
} from './domain/exceptional-access.schema';
import { HistorySchema } from './domain/history.schema';
import {
  CreatePersonSchema,
  HistoryQuerySchema,
  PatchConsentsSchema,
  PersonParamsSchema,
  PersonSchema,
  PersonSearchPageSchema,
  SearchPersonsQuerySchema,
} from './domain/person.schema';
import { CreateReceptionSchema, ListReceptionsQuerySchema, ReceptionPageSchema, ReceptionSchema } from './domain/reception.schema';
import {
  AcceptReferralSchema,
  CloseReferralSchema,
  CreateReferralSchema,
  DeclineReferralSchema,
  LinkParamsSchema,
  LinkReferralSchema,
  ListReferralsQuerySchema,
  ReferralPageSchema,
  ReferralParamsSchema,
  ReferralSchema,
} from './domain/referral.schema';
import { INTAKE_SETTINGS } from './intake.settings';

/** Reception agents, social workers and partners (SECURITY.md); never the coordinator or admins. */
const FIELD = ['accueil', 'travailleur_social', 'partenaire'] as const;
const handler = (name: string) => `services/intake/handlers/${name}`;

/** Intake: persons with their consents, receptions, and closed-loop referrals. See README.md. */
export const intakeService = defineService({
  name: 'intake',
  settings: INTAKE_SETTINGS,
  owns: 'persons with consents, receptions, closed-loop referrals, exceptional accesses, the audit of reads; notices to persons until they move to the notifications service (ADR 0020)',
  eventSource: 'relais.intake',
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      indexes: [
        { name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
        { name: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
        { name: 'gsi3', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
        { name: 'gsi4', partitionKey: { name: 'gsi4pk', type: 'S' }, sortKey: { name: 'gsi4sk', type: 'S' } },
        // Sparse: only unanswered referrals carry `duePk`, by their next deadline.
        { name: 'due', partitionKey: { name: 'duePk', type: 'S' }, sortKey: { name: 'dueAt', type: 'S' } },
      ],
      ttlAttribute: 'expiresAt',
      outbox: true,
    },
  ],
  routes: [
    {
      id: 'createPerson',
      method: 'POST',
      path: '/api/persons',
      access: FIELD,
      handler: handler('create-person.handler.ts'),
      summary: 'Créer la fiche d’une personne avec ses consentements (409 avec les doublons possibles, sauf confirmedNotDuplicateOf)',
      schemas: { body: CreatePersonSchema, response: PersonSchema },
      successStatus: 201,
    },
    {
      id: 'searchPersons',
      method: 'GET',
      path: '/api/persons',
      access: FIELD,
      handler: handler('search-persons.handler.ts'),
      summary: 'Rechercher une personne par le début de son nom ou de son prénom (sans accents ni majuscules), date de naissance en option',
      schemas: { query: SearchPersonsQuerySchema, response: PersonSearchPageSchema },
    },
    {
      id: 'personHistory',
      method: 'GET',
      path: '/api/persons/{id}/history',
      access: FIELD,
      handler: handler('person-history.handler.ts'),
      summary: 'Historique d’une personne (accueils, orientations, professionnels) ; restreint sans son consentement au partage',
      schemas: { params: PersonParamsSchema, query: HistoryQuerySchema, response: HistorySchema },
    },
    {
      id: 'grantExceptionalAccess',
      method: 'POST',
      path: '/api/persons/{id}/exceptional-access',
      access: FIELD,
      handler: handler('grant-exceptional-access.handler.ts'),
      summary:
        'Accès exceptionnel au dossier d’une personne (danger, obligation légale, continuité) : 24 heures, tracé, signalé au pilote et à la personne',
      schemas: { params: PersonParamsSchema, body: ExceptionalAccessRequestSchema, response: ExceptionalAccessGrantedSchema },
      successStatus: 201,
    },
    {
      id: 'listExceptionalAccesses',
      method: 'GET',
      path: '/api/exceptional-accesses',
      access: ['pilote', 'admin'],
      handler: handler('list-exceptional-accesses.handler.ts'),
      summary: 'Les accès exceptionnels ouverts depuis une date, du plus récent au plus ancien (pilote, admin)',
      schemas: { query: ListExceptionalAccessesQuerySchema, response: ExceptionalAccessPageSchema },
    },
    {
      id: 'changeConsents',
      method: 'PATCH',
      path: '/api/persons/{id}/consents',
      access: FIELD,
      handler: handler('change-consents.handler.ts'),
      summary: 'Modifier les consentements d’une personne (partage dans le réseau, enquêtes par SMS), à sa demande',
      schemas: { params: PersonParamsSchema, body: PatchConsentsSchema, response: PersonSchema },
    },
    {
      id: 'recordReception',
      method: 'POST',
      path: '/api/receptions',
      access: FIELD,
      handler: handler('record-reception.handler.ts'),
      summary: 'Enregistrer un accueil (sur place, téléphone, visite à domicile, visio, courrier), nominatif ou anonyme',
      schemas: { body: CreateReceptionSchema, response: ReceptionSchema },
      successStatus: 201,
    },
    {
      id: 'listReceptions',
      method: 'GET',
      path: '/api/receptions',
      access: FIELD,
      handler: handler('list-receptions.handler.ts'),
      summary: 'Les accueils de ma structure (ou d’un de ses lieux) entre deux dates, du plus récent au plus ancien',
      schemas: { query: ListReceptionsQuerySchema, response: ReceptionPageSchema },
    },
    {
      id: 'sendReferral',
      method: 'POST',
      path: '/api/referrals',
      access: FIELD,
      handler: handler('send-referral.handler.ts'),
      summary: 'Orienter une personne vers une structure partenaire, avec la fiche de liaison',
      schemas: { body: CreateReferralSchema, response: ReferralSchema },
      successStatus: 201,
    },
    {
      id: 'listReferrals',
      method: 'GET',
      path: '/api/referrals',
      access: FIELD,
      handler: handler('list-referrals.handler.ts'),
      summary: 'Orientations reçues (box=incoming) ou envoyées (box=outgoing) par ma structure, filtre par statut',
      schemas: { query: ListReferralsQuerySchema, response: ReferralPageSchema },
    },
    {
      id: 'getReferral',
      method: 'GET',
      path: '/api/referrals/{id}',
      access: FIELD,
      handler: handler('get-referral.handler.ts'),
      summary: 'Lire une orientation, sa fiche de liaison et son historique (structure qui oriente ou destinataire)',
      schemas: { params: ReferralParamsSchema, response: ReferralSchema },
    },
    {
      id: 'acceptReferral',
      method: 'POST',
      path: '/api/referrals/{id}/accept',
      access: FIELD,
      handler: handler('accept-referral.handler.ts'),
      summary: 'Accepter une orientation (structure destinataire)',
      schemas: { params: ReferralParamsSchema, body: AcceptReferralSchema, response: ReferralSchema },
    },
    {
      id: 'declineReferral',
      method: 'POST',
      path: '/api/referrals/{id}/decline',
      access: FIELD,
      handler: handler('decline-referral.handler.ts'),
      summary: 'Refuser une orientation, avec le motif (structure destinataire)',
      schemas: { params: ReferralParamsSchema, body: DeclineReferralSchema, response: ReferralSchema },
    },
    {
      id: 'closeReferral',
      method: 'POST',
      path: '/api/referrals/{id}/close',
      access: FIELD,
      handler: handler('close-referral.handler.ts'),
      summary: 'Clôturer une orientation acceptée, avec son résultat (structure destinataire)',
      schemas: { params: ReferralParamsSchema, body: CloseReferralSchema, response: ReferralSchema },
    },
    {
      id: 'readReferralLink',
      method: 'GET',
      path: '/api/referral-links/{token}',
      access: 'public',
      handler: handler('read-referral-link.handler.ts'),
      summary: 'Lien signé d’un partenaire sans compte : la demande et la fiche de liaison',
      publicCredential: 'Lien signé',
      schemas: { params: LinkParamsSchema, response: LinkReferralSchema },
    },
    {
      id: 'acceptReferralLink',
      method: 'POST',
      path: '/api/referral-links/{token}/accept',
      access: 'public',
      handler: handler('accept-referral-link.handler.ts'),
      summary: 'Lien signé : accepter l’orientation',
      publicCredential: 'Lien signé',
      schemas: { params: LinkParamsSchema, body: AcceptReferralSchema, response: LinkReferralSchema },
    },
    {
      id: 'declineReferralLink',
      method: 'POST',
      path: '/api/referral-links/{token}/decline',
      access: 'public',
      handler: handler('decline-referral-link.handler.ts'),
      summary: 'Lien signé : refuser l’orientation, avec le motif',
      publicCredential: 'Lien signé',
      schemas: { params: LinkParamsSchema, body: DeclineReferralSchema, response: LinkReferralSchema },
    },
  ],
  // Verifies the links partners answer referrals with; tells persons of changes to their consents by
  // SMS, and the coordinator of exceptional accesses.
  needs: { secrets: ['link'] },
  subscriptions: [
    {
      id: 'directoryProjection',
      pattern: { source: ['relais.directory'], 'detail-type': ['OrganisationChanged', 'SiteChanged', 'ServiceChanged'] },
      handler: handler('directory-projection.consumer.ts'),
      description: 'Garde une copie des structures (nom, appartenance au réseau), de leurs lieux et de leurs services',
    },
    {
      id: 'parcoursAccess',
      pattern: {
        source: ['relais.parcours'],
        'detail-type': ['ParcoursOpened', 'ParcoursReferentChanged', 'ParcoursMemberAdded', 'ParcoursMemberRemoved', 'ParcoursClosed'],
      },
      handler: handler('parcours-projection.consumer.ts'),
      description: 'Tient la liste des membres des parcours d’une personne : ils lisent son historique tant qu’ils en sont membres',
    },
    {
      id: 'personNotices',
      pattern: { source: ['relais.intake'], 'detail-type': ['PersonConsentsChanged'] },
      handler: handler('person-notice.consumer.ts'),
      description: 'Demande au service des notifications de prévenir la personne (SMS, sinon e-mail) que ses accords ont été modifiés',
    },
    {
      id: 'appointmentNotices',
      pattern: { source: ['relais.appointments'], 'detail-type': ['AppointmentReminderDue', 'BookingLinkMessageDue'] },
      handler: handler('appointment-notice.consumer.ts'),
      description:
        'Demande au service des notifications d’envoyer à la personne (SMS, sinon e-mail) le message de son rendez-vous, ou son lien pour le choisir',
    },
  ],
  schedules: [
    {
      id: 'referralDeadlines',
      expression: 'rate(15 minutes)',
      handler: handler('referral-deadlines.schedule.ts'),
      description: 'Relance les orientations sans réponse à mi-délai, puis les fait expirer',
    },
    {
      id: 'personRetention',
      expression: 'cron(0 3 * * ? *)',
      handler: handler('person-retention.schedule.ts'),
      description: 'Efface les données des personnes sans activité depuis la durée de conservation (2 ans par défaut)',
    },
  ],
});

export type IntakeManifest = typeof intakeService;
