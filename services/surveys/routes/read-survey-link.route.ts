import { SurveyLinkPageSchema, SurveyLinkParamsSchema } from '../domain/person-survey.schema';
import { handler, surveysRoute } from './common';

// The survey SMS's link when the stage has no two-way number (ADR 0041): no account, the link is the credential.
export const readSurveyLinkRoute = surveysRoute({
  id: 'readSurveyLink',
  method: 'GET',
  path: '/api/survey-links/{token}',
  access: 'public',
  handler: handler('read-survey-link.handler.ts'),
  summary: 'Lien de l’enquête reçu par SMS (sans compte) : le lieu à noter ; 410 une fois répondue ou expirée',
  publicCredential: 'Lien signé de l’enquête de satisfaction (SMS)',
  schemas: { params: SurveyLinkParamsSchema, response: SurveyLinkPageSchema },
  errorStatuses: [410],
});
