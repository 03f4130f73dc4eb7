import { routeFactory } from '../../../shared/manifest/manifest';
import { SURVEYS } from '../owner';

/** Declares one of surveys's routes; `defineService` checks at assembly that the owner matches the manifest. */
export const surveysRoute = routeFactory(SURVEYS);

export const handler = (name: string) => `services/surveys/handlers/${name}`;
