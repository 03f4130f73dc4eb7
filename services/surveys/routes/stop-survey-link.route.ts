import { StopMySurveysResultSchema, StopSurveyLinkSchema, SurveyLinkParamsSchema } from '../domain/person-survey.schema';
import { handler, surveysRoute } from './common';

export const stopSurveyLinkRoute = surveysRoute({
  id: 'stopSurveyLink',
  method: 'POST',
  path: '/api/survey-links/{token}/stop',
  access: 'public',
  handler: handler('stop-survey-link.handler.ts'),
  summary: 'Lien de l’enquête : ne plus recevoir de messages, comme répondre STOP par SMS ; 410 si le lien a expiré',
  publicCredential: 'Lien signé de l’enquête de satisfaction (SMS)',
  schemas: { params: SurveyLinkParamsSchema, body: StopSurveyLinkSchema, response: StopMySurveysResultSchema },
  errorStatuses: [410],
});
