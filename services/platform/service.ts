import { defineService } from '../../shared/manifest/manifest';
import { PLATFORM } from './owner';
import { assignAccountRoute } from './routes/account-assignment.route';
import { pendingAccountsRoute } from './routes/accounts-pending.route';
import { listAuditRoute } from './routes/audit-list.route';
import { verifyAuditRoute } from './routes/audit-verify.route';
import { devOutboxRoute } from './routes/dev-outbox.route';
import { devProConnectRoute } from './routes/dev-proconnect.route';
import { devTokenRoute } from './routes/dev-token.route';
import { devUsersRoute } from './routes/dev-users.route';
import { flagReadRoute } from './routes/flag-read.route';
import { handleReadFlagRoute } from './routes/handle-flag.route';
import { healthRoute } from './routes/health.route';
import { listReadFlagsRoute } from './routes/list-flags.route';
import { meRoute } from './routes/me.route';
import { myExportRoute } from './routes/my-export.route';
import { myFileRoute } from './routes/my-file.route';
import { myReadsRoute } from './routes/my-reads.route';
import { openapiRoute } from './routes/openapi.route';
import { personExportRoute } from './routes/person-export.route';

/**
 * What every service shares: health, identity, the API description, the audit log (one
 * append-only table the services may only write to) and, in the local stack only, the demo
 * sign-in and the outboxes of what would have left the platform.
 */
export const platformService = defineService({
  name: PLATFORM.service,
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
    healthRoute,
    meRoute,
    openapiRoute,
    listAuditRoute,
    verifyAuditRoute,
    myFileRoute,
    myExportRoute,
    personExportRoute,
    myReadsRoute,
    flagReadRoute,
    listReadFlagsRoute,
    handleReadFlagRoute,
    pendingAccountsRoute,
    assignAccountRoute,
    devProConnectRoute,
    devUsersRoute,
    devTokenRoute,
    devOutboxRoute,
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
