import { httpRoute } from '../../../shared/http/route-handler';
import { surveysService } from '../service';
import { surveyLink } from './survey-link';

export const handler = httpRoute(surveysService, 'stopSurveyLink', ({ params }) => surveyLink.stop(params.token));
