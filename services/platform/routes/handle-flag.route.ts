import { FlagParamsSchema, HandleFlagSchema, ReadFlagSchema } from '../domain/person-reads.schema';
import { platformRoute } from './common';

export const handleReadFlagRoute = platformRoute({
  id: 'handleReadFlag',
  method: 'POST',
  path: '/api/audit/flags/{flagId}/handled',
  access: ['pilote', 'admin'],
  handler: 'services/platform/handlers/handle-flag.handler.ts',
  summary: 'Marquer traité le signalement d’une consultation (pilote, admin)',
  schemas: { params: FlagParamsSchema, body: HandleFlagSchema, response: ReadFlagSchema },
});
