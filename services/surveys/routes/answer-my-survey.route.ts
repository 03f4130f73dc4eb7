import { AnswerMySurveyResultSchema, AnswerMySurveySchema } from '../domain/person-survey.schema';
import { handler, surveysRoute } from './common';

export const answerMySurveyRoute = surveysRoute({
  id: 'answerMySurvey',
  method: 'POST',
  path: '/api/me/person/survey/answer',
  access: ['personne'],
  handler: handler('answer-my-survey.handler.ts'),
  summary: 'Répondre à mon enquête de satisfaction sur le web : la même note de 1 à 5 que par SMS (la personne)',
  schemas: { body: AnswerMySurveySchema, response: AnswerMySurveyResultSchema },
  errorStatuses: [404],
});
