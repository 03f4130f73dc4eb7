import { httpRoute } from '../../../shared/http/route-handler';
import { stopSurveyLinkRoute } from '../routes/stop-survey-link.route';
import { surveyLink } from './survey-link';

export const handler = httpRoute(stopSurveyLinkRoute, ({ params }) => surveyLink.stop(params.token));
