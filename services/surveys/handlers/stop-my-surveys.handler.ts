import { httpRoute } from '../../../shared/http/route-handler';
import { stopMySurveysRoute } from '../routes/stop-my-surveys.route';
import { makeStopMySurveys } from '../use-cases/person-survey.use-cases';
import { surveysDeps } from './deps';
import { makeStopNumber } from './inbound-sms';

// The very same opt-out as an SMS « STOP » from her number, by its hash, committed on its own; no SMS from a route.
const useCase = makeStopMySurveys(surveysDeps, makeStopNumber(surveysDeps));

export const handler = httpRoute(stopMySurveysRoute, ({ actor }) => useCase.stop(actor));
