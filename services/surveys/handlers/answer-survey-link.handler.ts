import { httpRoute } from '../../../shared/http/route-handler';
import { surveysService } from '../service';
import { surveyLink } from './survey-link';

export const handler = httpRoute(surveysService, 'answerSurveyLink', ({ params, body, uow }) => surveyLink.answer(params.token, body, uow));
