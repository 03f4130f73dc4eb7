import { RequestCodeSchema } from '../domain/sign-in.schema';
import { handler, intakeRoute } from './common';

// « Mon espace » (issue 15, ADR 0036): on AWS her token comes from the persons' user pool (ADR 0040).
export const requestSignInCodeRoute = intakeRoute({
  id: 'requestSignInCode',
  method: 'POST',
  path: '/api/me/person/code',
  access: 'public',
  handler: handler('request-sign-in-code.handler.ts'),
  summary:
    'Mon espace : envoyer un code à 6 chiffres au téléphone ou à l’e-mail de la fiche de la personne (toujours 202 : ne dit jamais si une fiche existe)',
  schemas: { body: RequestCodeSchema },
  successStatus: 202,
});
