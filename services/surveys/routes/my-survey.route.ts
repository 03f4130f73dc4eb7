import { MySurveySchema } from '../domain/person-survey.schema';
import { handler, surveysRoute } from './common';

// The person in « Mon espace » (ADR 0038).
export const mySurveyRoute = surveysRoute({
  id: 'mySurvey',
  method: 'GET',
  path: '/api/me/person/survey',
  access: ['personne'],
  handler: handler('my-survey.handler.ts'),
  summary: 'Mon enquête de satisfaction à remplir, s’il y en a une (la personne)',
  schemas: { response: MySurveySchema },
});
