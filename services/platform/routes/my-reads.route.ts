import { MyReadsPageSchema, MyReadsQuerySchema } from '../domain/person-reads.schema';
import { platformRoute } from './common';

export const myReadsRoute = platformRoute({
  id: 'myReads',
  method: 'GET',
  path: '/api/me/person/reads',
  access: ['personne'],
  handler: 'services/platform/handlers/my-reads.handler.ts',
  summary: 'Qui a consulté mon dossier : date, structure, rôle, motif, accès exceptionnel, du plus récent au plus ancien (la personne)',
  schemas: { query: MyReadsQuerySchema, response: MyReadsPageSchema },
  reads: ['audit'],
});
