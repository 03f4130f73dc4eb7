import { routeFactory } from '../../../shared/manifest/manifest';
import { INTAKE } from '../owner';

/** Declares one of intake's routes; `defineService` checks at assembly that the owner matches the manifest. */
export const intakeRoute = routeFactory(INTAKE);

/** Reception agents, social workers and partners (SECURITY.md); never the coordinator or admins. */
export const FIELD = ['accueil', 'travailleur_social', 'partenaire'] as const;

export const handler = (name: string) => `services/intake/handlers/${name}`;
