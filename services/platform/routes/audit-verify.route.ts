import { AuditVerificationSchema, AuditVerifyQuerySchema } from '../domain/audit.schema';
import { platformRoute } from './common';

export const verifyAuditRoute = platformRoute({
  id: 'verifyAudit',
  method: 'GET',
  path: '/api/audit/verify',
  access: ['pilote', 'admin'],
  handler: 'services/platform/handlers/audit-verify.handler.ts',
  summary: 'Vérifier la chaîne du journal d’une personne : une ligne modifiée ou supprimée est détectée (pilote, admin)',
  schemas: { query: AuditVerifyQuerySchema, response: AuditVerificationSchema },
  reads: ['audit'],
});
