import { routeFactory } from '../../../shared/manifest/manifest';
import { PLATFORM } from '../owner';

/** Declares one of platform's routes; `defineService` checks at assembly that the owner matches the manifest. */
export const platformRoute = routeFactory(PLATFORM);
