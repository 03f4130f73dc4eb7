import { defineService } from '../../shared/manifest/manifest';

const handler = (name: string) => `services/notifications/handlers/${name}`;

/**
 * Notifications: what leaves the platform towards partners and persons (ADR 0020). It consumes
 * events like any service and owns its table; `directory` and `intake` only publish. See README.md.
 */
export const notificationsService = defineService({
  name: 'notifications',
  owns: 'organisations’ notification channels (projection); partner notifications move here from directory next (ADR 0020)',
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
      id: 'channelsProjection',
      pattern: { source: ['relais.directory'], 'detail-type': ['OrganisationNotificationChannelsChanged'] },
      handler: handler('channels-projection.consumer.ts'),
      description: 'Une structure a changé : garder ses canaux de notification (e-mail, SMS, webhook) et son nom',
    },
  ],
  schedules: [],
});

export type NotificationsManifest = typeof notificationsService;
