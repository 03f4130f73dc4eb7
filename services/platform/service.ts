import * as z from 'zod';
import { defineService } from '../../shared/manifest/manifest';
import {
  AccountParamsSchema,
  AssignmentResultSchema,
  AssignmentSchema,
  DevProConnectRequestSchema,
  DevProConnectResponseSchema,
  PendingAccountsSchema,
} from './domain/accounts.schema';
import { AuditPageSchema, AuditQuerySchema, AuditVerificationSchema, AuditVerifyQuerySchema } from './domain/audit.schema';
import {
  DemoUserSchema,
  DevTokenRequestSchema,
  DevTokenResponseSchema,
  HealthSchema,
  MeSchema,
  OutboxEntrySchema,
  OutboxQuerySchema,
} from './domain/platform.schema';
import {
  FlagListQuerySchema,
  FlagParamsSchema,
  FlagReadSchema,
  HandleFlagSchema,
  MyReadsPageSchema,
  MyReadsQuerySchema,
  ReadFlagPageSchema,
  ReadFlagSchema,
  ReadParamsSchema,
} from './domain/person-reads.schema';
import { MyFileSchema, PersonExportParamsSchema } from './domain/person-space.schema';

/**
 * What every service shares: health, identity, the API description, the audit log (one
 * append-only table the services may only write to) and, in the local stack only, the demo
 * sign-in and the outboxes of what would have left the platform.
 */
export const platformService = defineService({
  name: 'platform',
  owns: 'audit log (chained per person, read and verified by the coordinator: `GET /api/audit`, `/api/audit/verify`; the person sees who read her file and flags a read: ADR 0038); health, identity, OpenAPI; staff accounts awaiting a role and their assignment by an administrator (ADR 0041: the staff pool on AWS); local-only demo and ProConnect-like sign-ins and outboxes',
  tables: [
    {
      // Who read or changed which person, when, through which route and why. Append-only,
      // chained per person (ADR 0016): `PERSON#<id>` holds `HEAD` and the entries `SEQ#<n>`.
      name: 'audit',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      holdsPersonData: true,
    },
    {
      // The person's flags on reads of her file and the organisations' names her list shows
      // (ADR 0038): `ORG#<id>`, `FLAG#<id>`, the coordinator's lists `FLAGS#open|handled`, her
      // marks `PERSONFLAG#<personId>`; and the idempotency records of the platform's POSTs.
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      ttlAttribute: 'expiresAt',
      // Her flags carry her person id and her comment: in her copy (ADR 0037), erased with her.
      holdsPersonData: true,
    },
    {
      name: 'devoutbox',
      partitionKey: { name: 'channel', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      localOnly: true,
      // Simulated messages of the local stack (demo data, never deployed): not a record of anyone.
      holdsPersonData: false,
    },
    {
      // The local stack's staff accounts of the ProConnect-like sign-in (ADR 0041), pending until an
      // administrator assigns them; on AWS the staff user pool holds them (never deployed).
      name: 'devaccounts',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      localOnly: true,
      // Fictitious professionals of the local stack: no person's record.
      holdsPersonData: false,
    },
  ],
  personData: {
    handler: 'services/platform/handlers/person-data.handler.ts',
    description: 'le journal des accès à son dossier : qui l’a lu ou modifié, quand, pour quel motif',
  },
  routes: [
    {
      id: 'health',
      method: 'GET',
      path: '/api/health',
      access: 'public',
      handler: 'services/platform/handlers/health.handler.ts',
      summary: 'État du service',
      schemas: { response: HealthSchema },
    },
    {
      id: 'me',
      method: 'GET',
      path: '/api/me',
      access: 'authenticated',
      handler: 'services/platform/handlers/me.handler.ts',
      summary: "L'utilisateur connecté",
      schemas: { response: MeSchema },
    },
    {
      id: 'openapi',
      method: 'GET',
      path: '/api/openapi.json',
      access: 'public',
      handler: 'services/platform/handlers/openapi.handler.ts',
      summary: "Description OpenAPI 3.1 de l'API",
    },
    {
      id: 'listAudit',
      method: 'GET',
      path: '/api/audit',
      access: ['pilote', 'admin'],
      handler: 'services/platform/handlers/audit-list.handler.ts',
      summary: 'Journal des accès au dossier d’une personne : qui, quand, par quelle route, pour quel motif (pilote, admin)',
      schemas: { query: AuditQuerySchema, response: AuditPageSchema },
      reads: ['audit'],
    },
    {
      id: 'verifyAudit',
      method: 'GET',
      path: '/api/audit/verify',
      access: ['pilote', 'admin'],
      handler: 'services/platform/handlers/audit-verify.handler.ts',
      summary: 'Vérifier la chaîne du journal d’une personne : une ligne modifiée ou supprimée est détectée (pilote, admin)',
      schemas: { query: AuditVerifyQuerySchema, response: AuditVerificationSchema },
      reads: ['audit'],
    },
    // « Mon espace » (issue 15, ADR 0037): the collector asks every service for her data — in
    // process locally, by invoking each service's person-data function on AWS (ADR 0040).
    {
      id: 'myFile',
      method: 'GET',
      path: '/api/me/person',
      access: ['personne'],
      handler: 'services/platform/handlers/my-file.handler.ts',
      summary: 'La personne lit son dossier : fiche, accords, accueils, orientations, parcours, rendez-vous, tels qu’elle peut les voir',
      schemas: { response: MyFileSchema },
      errorStatuses: [404],
    },
    {
      id: 'myExport',
      method: 'GET',
      path: '/api/me/person/export',
      access: ['personne'],
      handler: 'services/platform/handlers/my-export.handler.ts',
      summary:
        'La personne télécharge toutes ses données : un ZIP avec son dossier lisible (PDF) et ses données de tous les services (JSON)',
      responseTypes: ['application/zip'],
      errorStatuses: [404],
    },
    {
      id: 'personExport',
      method: 'GET',
      path: '/api/persons/{id}/export',
      access: ['accueil', 'travailleur_social', 'partenaire'],
      handler: 'services/platform/handlers/person-export.handler.ts',
      summary:
        'Remettre à la personne, à sa demande, la copie de toutes ses données (ZIP : PDF et JSON) ; structure qui l’a enregistrée ; tracé « droit d’accès »',
      schemas: { params: PersonExportParamsSchema },
      responseTypes: ['application/zip'],
    },
    {
      id: 'myReads',
      method: 'GET',
      path: '/api/me/person/reads',
      access: ['personne'],
      handler: 'services/platform/handlers/my-reads.handler.ts',
      summary: 'Qui a consulté mon dossier : date, structure, rôle, motif, accès exceptionnel, du plus récent au plus ancien (la personne)',
      schemas: { query: MyReadsQuerySchema, response: MyReadsPageSchema },
      reads: ['audit'],
    },
    {
      id: 'flagRead',
      method: 'POST',
      path: '/api/me/person/reads/{readId}/flag',
      access: ['personne'],
      handler: 'services/platform/handlers/flag-read.handler.ts',
      summary: 'Signaler à la coordination une consultation de mon dossier que je ne comprends pas (la personne)',
      schemas: { params: ReadParamsSchema, body: FlagReadSchema, response: ReadFlagSchema },
      successStatus: 201,
      reads: ['audit'],
    },
    {
      id: 'listReadFlags',
      method: 'GET',
      path: '/api/audit/flags',
      access: ['pilote', 'admin'],
      handler: 'services/platform/handlers/list-flags.handler.ts',
      summary: 'Consultations signalées par les personnes : date, structure, rôle, motif, commentaire (pilote, admin)',
      schemas: { query: FlagListQuerySchema, response: ReadFlagPageSchema },
    },
    {
      id: 'handleReadFlag',
      method: 'POST',
      path: '/api/audit/flags/{flagId}/handled',
      access: ['pilote', 'admin'],
      handler: 'services/platform/handlers/handle-flag.handler.ts',
      summary: 'Marquer traité le signalement d’une consultation (pilote, admin)',
      schemas: { params: FlagParamsSchema, body: HandleFlagSchema, response: ReadFlagSchema },
    },
    // Staff accounts (issue 18 point 7, ADR 0041): a ProConnect agent's first sign-in leaves an
    // account without a role; an administrator gives it one and an organisation.
    {
      id: 'pendingAccounts',
      method: 'GET',
      path: '/api/accounts/pending',
      access: ['admin'],
      handler: 'services/platform/handlers/accounts-pending.handler.ts',
      summary: 'Comptes en attente d’un rôle : agents connectés par ProConnect pour la première fois, avec le SIRET déclaré (admin)',
      schemas: { response: PendingAccountsSchema },
    },
    {
      id: 'assignAccount',
      method: 'POST',
      path: '/api/accounts/{id}/assignment',
      access: ['admin'],
      handler: 'services/platform/handlers/account-assignment.handler.ts',
      summary: 'Attribuer un rôle et une structure à un compte en attente (admin ; jamais son propre compte ; tracé)',
      schemas: { params: AccountParamsSchema, body: AssignmentSchema, response: AssignmentResultSchema },
      successStatus: 201,
      errorStatuses: [404, 409, 422],
    },
    {
      id: 'devProConnect',
      method: 'POST',
      path: '/api/auth/dev/proconnect',
      access: 'public',
      handler: 'services/platform/handlers/dev-proconnect.handler.ts',
      summary: 'Se connecter comme un agent venu de ProConnect : compte en attente à la première connexion (mode local)',
      schemas: { body: DevProConnectRequestSchema, response: DevProConnectResponseSchema },
      localOnly: true,
    },
    {
      id: 'devUsers',
      method: 'GET',
      path: '/api/auth/dev/users',
      access: 'public',
      handler: 'services/platform/handlers/dev-users.handler.ts',
      summary: 'Utilisateurs de démonstration (mode local)',
      schemas: { response: z.array(DemoUserSchema) },
      localOnly: true,
    },
    {
      id: 'devToken',
      method: 'POST',
      path: '/api/auth/dev/token',
      access: 'public',
      handler: 'services/platform/handlers/dev-token.handler.ts',
      summary: 'Se connecter comme un utilisateur de démonstration (mode local)',
      schemas: { body: DevTokenRequestSchema, response: DevTokenResponseSchema },
      localOnly: true,
    },
    {
      id: 'devOutbox',
      method: 'GET',
      path: '/api/dev/outbox',
      // What would have left the platform holds personal data (SMS numbers, partners' messages).
      access: ['pilote', 'admin'],
      handler: 'services/platform/handlers/dev-outbox.handler.ts',
      summary: 'Ce qui aurait quitté la plateforme : SMS, notifications, webhooks, lettres mortes (mode local)',
      schemas: { query: OutboxQuerySchema, response: z.object({ items: z.array(OutboxEntrySchema) }) },
      localOnly: true,
    },
  ],
  subscriptions: [
    {
      id: 'organisationNames',
      pattern: { source: ['relais.directory'], 'detail-type': ['OrganisationChanged'] },
      handler: 'services/platform/handlers/organisations.consumer.ts',
      description: 'Garde le nom des structures : la personne voit quelle structure a consulté son dossier',
    },
    {
      id: 'personErased',
      pattern: { source: ['relais.intake'], 'detail-type': ['PersonErased'] },
      handler: 'services/platform/handlers/person-erased.consumer.ts',
      description: 'Efface les signalements d’une personne effacée par l’accueil (durée de conservation, rule 6) ; le journal reste',
    },
  ],
  schedules: [
    {
      // The stream relay publishes outbox items as they are written; this sweep is the safety
      // net for any item whose publication failed (it finds them through a sparse index).
      id: 'outboxSweep',
      expression: 'rate(5 minutes)',
      handler: 'shared/events/sweep.handler.ts',
      description: "Republie les événements de l'outbox restés en attente",
    },
    {
      // Reads of many persons leave one pending item before their answer; this chains each
      // person's line and deletes the item (ADR 0016, « Off the request path »).
      id: 'auditPending',
      expression: 'rate(1 minute)',
      handler: 'services/platform/handlers/audit-pending.handler.ts',
      description: 'Chaîne au journal de chaque personne les lectures en attente (recherches, listes, doublons)',
      drainsAuditPending: true,
    },
  ],
  // The audit log's pages are signed cursors, keyed from the link secret (shared/dynamo/paging.ts).
  needs: { secrets: ['link'] },
});
