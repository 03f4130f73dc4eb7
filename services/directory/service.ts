import { defineService } from '../../shared/manifest/manifest';
import { DIRECTORY_SETTINGS } from './directory.settings';
import { DIRECTORY } from './owner';
import { approveSiteRoute } from './routes/approve-site.route';
import { handler } from './routes/common';
import { communeOutlinesRoute } from './routes/commune-outlines.route';
import { confirmReviewLinkRoute } from './routes/confirm-review-link.route';
import { correctReviewSiteRoute } from './routes/correct-review-site.route';
import { createNetworkEventRoute } from './routes/create-network-event.route';
import { createOrganisationRoute } from './routes/create-organisation.route';
import { createReviewCampaignRoute } from './routes/create-review-campaign.route';
import { createServiceRoute } from './routes/create-service.route';
import { createSiteRoute } from './routes/create-site.route';
import { exportDirectoryRoute } from './routes/export-directory.route';
import { getCoverageRoute } from './routes/get-coverage.route';
import { getNetworkEventRoute } from './routes/get-network-event.route';
import { getOrganisationRoute } from './routes/get-organisation.route';
import { getOrganisationSitesRoute } from './routes/get-organisation-sites.route';
import { getReviewLinkRoute } from './routes/get-review-link.route';
import { getServiceRoute } from './routes/get-service.route';
import { getSiteRoute } from './routes/get-site.route';
import { importDirectoryRoute } from './routes/import-directory.route';
import { listFlaggedEntriesRoute } from './routes/list-flagged-entries.route';
import { listNetworkEventsRoute } from './routes/list-network-events.route';
import { listOrganisationsRoute } from './routes/list-organisations.route';
import { listReviewCampaignsRoute } from './routes/list-review-campaigns.route';
import { listServicesRoute } from './routes/list-services.route';
import { listSitesRoute } from './routes/list-sites.route';
import { nearestSitesRoute } from './routes/nearest-sites.route';
import { networkReachRoute } from './routes/network-reach.route';
import { patchOrganisationRoute } from './routes/patch-organisation.route';
import { patchServiceRoute } from './routes/patch-service.route';
import { patchSiteRoute } from './routes/patch-site.route';
import { publicBasemapRoute } from './routes/public-basemap.route';
import { publicCommunesRoute } from './routes/public-communes.route';
import { publicNearestRoute } from './routes/public-nearest.route';
import { publicSitesRoute } from './routes/public-sites.route';
import { refreshCoverageRoute } from './routes/refresh-coverage.route';
import { rejectSiteRoute } from './routes/reject-site.route';

/** The directory: organisations of the network, their reception sites and services, coverage. See README.md. */
export const directoryService = defineService({
  name: DIRECTORY.service,
  settings: DIRECTORY_SETTINGS,
  owns: 'organisations (with their notification channels, published to the notifications service), sites, services, network events, coverage',
  eventSource: 'relais.directory',
  needs: { location: true, secrets: ['link'] },
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      indexes: [
        { name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
        { name: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
        { name: 'gsi3', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
      ],
      ttlAttribute: 'expiresAt',
      outbox: true,
      // Organisations, sites, services, network events: public directory data, no person.
      holdsPersonData: false,
    },
  ],
  routes: [
    listOrganisationsRoute,
    createOrganisationRoute,
    getOrganisationRoute,
    patchOrganisationRoute,
    listSitesRoute,
    createSiteRoute,
    nearestSitesRoute,
    getSiteRoute,
    patchSiteRoute,
    approveSiteRoute,
    rejectSiteRoute,
    getOrganisationSitesRoute,
    listServicesRoute,
    createServiceRoute,
    getServiceRoute,
    patchServiceRoute,
    listNetworkEventsRoute,
    createNetworkEventRoute,
    networkReachRoute,
    getNetworkEventRoute,
    getCoverageRoute,
    refreshCoverageRoute,
    communeOutlinesRoute,
    exportDirectoryRoute,
    importDirectoryRoute,
    listReviewCampaignsRoute,
    createReviewCampaignRoute,
    listFlaggedEntriesRoute,
    publicSitesRoute,
    publicNearestRoute,
    publicCommunesRoute,
    publicBasemapRoute,
    getReviewLinkRoute,
    confirmReviewLinkRoute,
    correctReviewSiteRoute,
  ],
  subscriptions: [
    {
      id: 'coverageOnSiteChange',
      pattern: { source: ['relais.directory'], 'detail-type': ['SiteChanged'] },
      handler: handler('coverage-on-site-change.consumer.ts'),
      description: 'Un lieu a changé : demander un nouveau calcul de la couverture',
    },
    {
      id: 'webhookSecretSet',
      pattern: { source: ['relais.notifications'], 'detail-type': ['WebhookSecretRotated'] },
      handler: handler('webhook-secret-set.consumer.ts'),
      description: 'Une structure a reçu un secret de signature des webhooks : le noter sur sa fiche (jamais le secret)',
    },
    {
      id: 'territoryChanged',
      pattern: { source: ['relais.parcours'], 'detail-type': ['TerritoryChanged'] },
      handler: handler('territory-changed.consumer.ts'),
      description: 'Un territoire a été créé ou modifié : garder son nom et ses communes pour les campagnes de mise à jour',
    },
  ],
  schedules: [
    {
      id: 'coverageRefresh',
      expression: 'rate(1 minute)',
      handler: handler('coverage-refresh.schedule.ts'),
      description: 'Recalcule la couverture une minute après le dernier changement de lieu',
    },
    {
      id: 'coverageNightly',
      expression: 'cron(0 2 * * ? *)',
      handler: handler('coverage-nightly.schedule.ts'),
      description: 'Recalcule la couverture chaque nuit',
    },
    {
      id: 'openingHoursNightly',
      expression: 'cron(30 1 * * ? *)',
      handler: handler('opening-hours-nightly.schedule.ts'),
      description: 'Prolonge les créneaux d’ouverture enregistrés de chaque lieu',
    },
    {
      id: 'reviewDaily',
      expression: 'cron(0 6 * * ? *)',
      handler: handler('review-daily.schedule.ts'),
      description: 'Demande à chaque partenaire de vérifier ses fiches dues (un message, lien signé de 30 jours), relance à 7 et 21 jours',
    },
    {
      id: 'dataInclusionPull',
      expression: 'cron(30 4 * * ? *)',
      handler: handler('data-inclusion-pull.schedule.ts'),
      description:
        'Importe les structures et services du département depuis l’API data·inclusion (si elle est configurée), sans écraser ce qu’un partenaire a vérifié depuis',
    },
  ],
});

export type DirectoryManifest = typeof directoryService;
