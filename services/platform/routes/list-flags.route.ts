import { FlagListQuerySchema, ReadFlagPageSchema } from '../domain/person-reads.schema';
import { platformRoute } from './common';

export const listReadFlagsRoute = platformRoute({
  id: 'listReadFlags',
  method: 'GET',
  path: '/api/audit/flags',
  access: ['pilote', 'admin'],
  handler: 'services/platform/handlers/list-flags.handler.ts',
  summary: 'Consultations signalées par les personnes : date, structure, rôle, motif, commentaire (pilote, admin)',
  schemas: { query: FlagListQuerySchema, response: ReadFlagPageSchema },
});
