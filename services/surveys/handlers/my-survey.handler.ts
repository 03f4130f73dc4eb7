import { httpRoute } from '../../../shared/http/route-handler';
import { surveysService } from '../service';
import { makePersonSurvey } from '../use-cases/person-survey.use-cases';
import { surveysDeps } from './deps';

const useCase = makePersonSurvey(surveysDeps);

export const handler = httpRoute(surveysService, 'mySurvey', ({ actor }) => useCase.mine(actor));
