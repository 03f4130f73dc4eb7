import { httpRoute } from '../../../shared/http/route-handler';
import { readSurveyLinkRoute } from '../routes/read-survey-link.route';
import { surveyLink } from './survey-link';

export const handler = httpRoute(readSurveyLinkRoute, ({ params }) => surveyLink.read(params.token));
