import { StopMySurveysResultSchema, StopMySurveysSchema } from '../domain/person-survey.schema';
import { handler, surveysRoute } from './common';

export const stopMySurveysRoute = surveysRoute({
  id: 'stopMySurveys',
  method: 'POST',
  path: '/api/me/person/survey/stop',
  access: ['personne'],
  handler: handler('stop-my-surveys.handler.ts'),
  summary: 'Ne plus recevoir d’enquêtes : comme répondre STOP par SMS (la personne)',
  schemas: { body: StopMySurveysSchema, response: StopMySurveysResultSchema },
  errorStatuses: [404],
});
