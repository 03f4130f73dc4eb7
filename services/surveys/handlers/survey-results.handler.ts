import { httpRoute } from '../../../shared/http/route-handler';
import { surveyResultsRoute } from '../routes/survey-results.route';
import { makeSurveyResults } from '../use-cases/results.use-cases';
import { surveysDeps } from './deps';

const results = makeSurveyResults(surveysDeps);

export const handler = httpRoute(surveyResultsRoute, ({ query, actor }) => results.execute(query, actor));
