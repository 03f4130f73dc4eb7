import { FlagReadSchema, ReadFlagSchema, ReadParamsSchema } from '../domain/person-reads.schema';
import { platformRoute } from './common';

export const flagReadRoute = platformRoute({
  id: 'flagRead',
  method: 'POST',
  path: '/api/me/person/reads/{readId}/flag',
  access: ['personne'],
  handler: 'services/platform/handlers/flag-read.handler.ts',
  summary: 'Signaler à la coordination une consultation de mon dossier que je ne comprends pas (la personne)',
  schemas: { params: ReadParamsSchema, body: FlagReadSchema, response: ReadFlagSchema },
  successStatus: 201,
  reads: ['audit'],
});
