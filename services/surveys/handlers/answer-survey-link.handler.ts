import { httpRoute } from '../../../shared/http/route-handler';
import { answerSurveyLinkRoute } from '../routes/answer-survey-link.route';
import { surveyLink } from './survey-link';

export const handler = httpRoute(answerSurveyLinkRoute, ({ params, body, uow }) => surveyLink.answer(params.token, body, uow));
