import { defineService } from '../../shared/manifest/manifest';

/**
 * Indicators: anonymous aggregates fed by the other services' events (never their tables).
 * This first slice keeps the directory's census: reception points and network organisations.
 */
export const indicatorsService = defineService({
  name: 'indicators',
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      ttlAttribute: 'expiresAt',
    },
  ],
  routes: [],
  subscriptions: [
    {
      id: 'directoryCensus',
      pattern: { source: ['relais.directory'], 'detail-type': ['SiteChanged', 'OrganisationChanged'] },
      handler: 'services/indicators/handlers/directory-census.consumer.ts',
      description: 'Tient le recensement des lieux et des structures du réseau',
    },
  ],
  schedules: [],
});
