import { routeFactory } from '../../../shared/manifest/manifest';
import { APPOINTMENTS } from '../owner';

/** Declares one of appointments's routes; `defineService` checks at assembly that the owner matches the manifest. */
export const appointmentsRoute = routeFactory(APPOINTMENTS);

export const FIELD = ['accueil', 'travailleur_social', 'partenaire'] as const;

export const COORDINATION = ['pilote', 'admin'] as const;

export const handler = (name: string) => `services/appointments/handlers/${name}`;
