import { ExportQuerySchema } from '../domain/directory.schema';
import { COORDINATION, directoryRoute, handler } from './common';

export const exportDirectoryRoute = directoryRoute({
  id: 'exportDirectory',
  method: 'GET',
  path: '/api/directory/export',
  access: COORDINATION,
  handler: handler('export-directory.handler.ts'),
  summary: 'Exporter l’annuaire (data·inclusion v1, ou HSDS 3.0 avec ?format=hsds)',
  schemas: { query: ExportQuerySchema },
});
