import { PersonParamsSchema } from '../domain/person.schema';
import { InvitationRequestSchema, InvitationSchema } from '../domain/sign-in.schema';
import { FIELD, handler, intakeRoute } from './common';

export const invitePersonRoute = intakeRoute({
  id: 'invitePerson',
  method: 'POST',
  path: '/api/persons/{id}/invitation',
  access: FIELD,
  handler: handler('invite-person.handler.ts'),
  summary:
    'Inviter la personne dans « Mon espace » : lien à usage unique (durée : RELAIS_PERSON_INVITATION_HOURS), envoyé par SMS à son numéro ou imprimé ; professionnel qui lit son dossier complet',
  schemas: { params: PersonParamsSchema, body: InvitationRequestSchema, response: InvitationSchema },
  successStatus: 201,
});
