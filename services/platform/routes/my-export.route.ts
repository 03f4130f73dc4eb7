import { platformRoute } from './common';

export const myExportRoute = platformRoute({
  id: 'myExport',
  method: 'GET',
  path: '/api/me/person/export',
  access: ['personne'],
  handler: 'services/platform/handlers/my-export.handler.ts',
  summary: 'La personne télécharge toutes ses données : un ZIP avec son dossier lisible (PDF) et ses données de tous les services (JSON)',
  responseTypes: ['application/zip'],
  errorStatuses: [404],
});
