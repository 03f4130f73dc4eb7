import { loadLinkSecret } from '../../../shared/auth/link-secret';
import { makeSurveyLink } from '../use-cases/survey-link.use-cases';
import { surveysDeps } from './deps';
import { makeStopNumber } from './inbound-sms';

/** The one-question page's use case (ADR 0041), wired as the SMS reply's: same scoring, same STOP. */
export const surveyLink = makeSurveyLink({ ...surveysDeps, linkSecret: loadLinkSecret }, makeStopNumber(surveysDeps));
