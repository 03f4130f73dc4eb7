import { httpRoute } from '../../../shared/http/route-handler';
import { mySurveyRoute } from '../routes/my-survey.route';
import { makePersonSurvey } from '../use-cases/person-survey.use-cases';
import { surveysDeps } from './deps';

const useCase = makePersonSurvey(surveysDeps);

export const handler = httpRoute(mySurveyRoute, ({ actor }) => useCase.mine(actor));
