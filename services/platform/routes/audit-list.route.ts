import { AuditPageSchema, AuditQuerySchema } from '../domain/audit.schema';
import { platformRoute } from './common';

export const listAuditRoute = platformRoute({
  id: 'listAudit',
  method: 'GET',
  path: '/api/audit',
  access: ['pilote', 'admin'],
  handler: 'services/platform/handlers/audit-list.handler.ts',
  summary: 'Journal des accès au dossier d’une personne : qui, quand, par quelle route, pour quel motif (pilote, admin)',
  schemas: { query: AuditQuerySchema, response: AuditPageSchema },
  reads: ['audit'],
});
