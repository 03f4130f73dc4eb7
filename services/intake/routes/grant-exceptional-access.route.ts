import { ExceptionalAccessGrantedSchema, ExceptionalAccessRequestSchema } from '../domain/exceptional-access.schema';
import { PersonParamsSchema } from '../domain/person.schema';
import { FIELD, handler, intakeRoute } from './common';

export const grantExceptionalAccessRoute = intakeRoute({
  id: 'grantExceptionalAccess',
  method: 'POST',
  path: '/api/persons/{id}/exceptional-access',
  access: FIELD,
  handler: handler('grant-exceptional-access.handler.ts'),
  summary:
    'Accès exceptionnel au dossier d’une personne (danger, obligation légale, continuité) : 24 heures, tracé, signalé au pilote et à la personne',
  schemas: { params: PersonParamsSchema, body: ExceptionalAccessRequestSchema, response: ExceptionalAccessGrantedSchema },
  successStatus: 201,
});
