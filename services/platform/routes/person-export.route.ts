import { PersonExportParamsSchema } from '../domain/person-space.schema';
import { platformRoute } from './common';

export const personExportRoute = platformRoute({
  id: 'personExport',
  method: 'GET',
  path: '/api/persons/{id}/export',
  access: ['accueil', 'travailleur_social', 'partenaire'],
  handler: 'services/platform/handlers/person-export.handler.ts',
  summary:
    'Remettre à la personne, à sa demande, la copie de toutes ses données (ZIP : PDF et JSON) ; structure qui l’a enregistrée ; tracé « droit d’accès »',
  schemas: { params: PersonExportParamsSchema },
  responseTypes: ['application/zip'],
});
