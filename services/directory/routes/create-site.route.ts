import { CreateSiteSchema, SiteSchema } from '../domain/directory.schema';
import { directoryRoute, EDITORS, handler } from './common';

export const createSiteRoute = directoryRoute({
  id: 'createSite',
  method: 'POST',
  path: '/api/sites',
  access: EDITORS,
  handler: handler('create-site.handler.ts'),
  summary: "Créer un lieu d'accueil (un partenaire : pour sa structure seulement ; sans coordonnées, l'adresse est géocodée)",
  schemas: { body: CreateSiteSchema, response: SiteSchema },
  successStatus: 201,
});
