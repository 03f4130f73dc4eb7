import * as z from 'zod';
import { routeFactory } from '../../../shared/manifest/manifest';
import { PARCOURS } from '../owner';

/** Declares one of parcours's routes; `defineService` checks at assembly that the owner matches the manifest. */
export const parcoursRoute = routeFactory(PARCOURS);

/** Reception agents, social workers and partners may be members (SECURITY.md); never the coordinator or admins. */
export const FIELD = ['accueil', 'travailleur_social', 'partenaire'] as const;

export const SOCIAL_WORKER = ['travailleur_social'] as const;

export const COORDINATION = ['pilote', 'admin'] as const;

export const handler = (name: string) => `services/parcours/handlers/${name}`;

export const StatusSchema = z.object({ id: z.string(), status: z.string(), version: z.number() });
