import { httpRoute } from '../../../shared/http/route-handler';
import { surveysService } from '../service';
import { makeSurveyResults } from '../use-cases/results.use-cases';
import { surveysDeps } from './deps';

const results = makeSurveyResults(surveysDeps);

export const handler = httpRoute(surveysService, 'surveyResults', ({ query, actor }) => results.execute(query, actor));
