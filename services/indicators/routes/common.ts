import { routeFactory } from '../../../shared/manifest/manifest';
import { INDICATORS } from '../owner';

/** Declares one of indicators's routes; `defineService` checks at assembly that the owner matches the manifest. */
export const indicatorsRoute = routeFactory(INDICATORS);

export const handler = (name: string) => `services/indicators/handlers/${name}`;

/** The département's coordinator and the administrators (SECURITY.md). */
export const COORDINATION = ['pilote', 'admin'] as const;
