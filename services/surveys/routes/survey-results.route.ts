import { ResultsQuerySchema, ResultsSchema } from '../domain/surveys.schema';
import { handler, surveysRoute } from './common';

export const surveyResultsRoute = surveysRoute({
  id: 'surveyResults',
  method: 'GET',
  path: '/api/surveys/results',
  // SECURITY.md: a partner its own organisation's results, the coordination every one's.
  access: ['partenaire', 'pilote', 'admin'],
  handler: handler('survey-results.handler.ts'),
  summary:
    'Résultats des enquêtes de satisfaction d’une structure (d’un de ses lieux) sur une période : envois, réponses, taux, moyenne, répartition, évolution mensuelle, commentaires',
  schemas: { query: ResultsQuerySchema, response: ResultsSchema },
});
