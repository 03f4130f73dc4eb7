import { routeFactory } from '../../../shared/manifest/manifest';
import { NOTIFICATIONS } from '../owner';

/** Declares one of notifications's routes; `defineService` checks at assembly that the owner matches the manifest. */
export const notificationsRoute = routeFactory(NOTIFICATIONS);

export const handler = (name: string) => `services/notifications/handlers/${name}`;
