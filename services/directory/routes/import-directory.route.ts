import { ImportBodySchema, ImportQuerySchema, ImportReportSchema } from '../domain/directory.schema';
import { COORDINATION, directoryRoute, handler } from './common';

export const importDirectoryRoute = directoryRoute({
  id: 'importDirectory',
  method: 'POST',
  path: '/api/directory/import',
  access: COORDINATION,
  handler: handler('import-directory.handler.ts'),
  summary: 'Importer des structures et services data·inclusion v1 (mise à jour sur source + id, rapport ligne à ligne)',
  schemas: { query: ImportQuerySchema, body: ImportBodySchema, response: ImportReportSchema },
  maxBodyBytes: 1024 * 1024,
});
