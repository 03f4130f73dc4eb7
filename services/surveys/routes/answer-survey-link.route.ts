import { AnswerMySurveyResultSchema, AnswerSurveyLinkSchema, SurveyLinkParamsSchema } from '../domain/person-survey.schema';
import { handler, surveysRoute } from './common';

export const answerSurveyLinkRoute = surveysRoute({
  id: 'answerSurveyLink',
  method: 'POST',
  path: '/api/survey-links/{token}',
  access: 'public',
  handler: handler('answer-survey-link.handler.ts'),
  summary: 'Lien de l’enquête : noter l’accueil de 1 à 5, comme en répondant au SMS ; 410 si le lien a déjà servi ou a expiré',
  publicCredential: 'Lien signé de l’enquête de satisfaction (SMS)',
  schemas: { params: SurveyLinkParamsSchema, body: AnswerSurveyLinkSchema, response: AnswerMySurveyResultSchema },
  errorStatuses: [410],
});
