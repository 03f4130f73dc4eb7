import * as z from 'zod';
import { PersonSchema } from '../domain/person.schema';
import { IdentityRequestParamsSchema, IdentityRequestSchema, ValidateIdentityRequestSchema } from '../domain/person-details.schema';
import { FIELD, handler, intakeRoute } from './common';

export const validateIdentityRequestRoute = intakeRoute({
  id: 'validateIdentityRequest',
  method: 'POST',
  path: '/api/identity-requests/{requestId}/validate',
  access: FIELD,
  handler: handler('validate-identity-request.handler.ts'),
  summary: 'Valider la correction d’identité demandée par la personne (structure qui l’a enregistrée ; 409 avec les doublons possibles)',
  schemas: {
    params: IdentityRequestParamsSchema,
    body: ValidateIdentityRequestSchema,
    response: z.object({ request: IdentityRequestSchema, person: PersonSchema }),
  },
});
