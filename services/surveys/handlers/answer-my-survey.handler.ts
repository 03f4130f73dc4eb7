import { httpRoute } from '../../../shared/http/route-handler';
import { answerMySurveyRoute } from '../routes/answer-my-survey.route';
import { makePersonSurvey } from '../use-cases/person-survey.use-cases';
import { surveysDeps } from './deps';

const useCase = makePersonSurvey(surveysDeps);

export const handler = httpRoute(answerMySurveyRoute, ({ body, actor, uow }) => useCase.answer(body, actor, uow));
