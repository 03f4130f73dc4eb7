import { httpRoute } from '../../../shared/http/route-handler';
import { surveysService } from '../service';
import { makeStopMySurveys } from '../use-cases/person-survey.use-cases';
import { surveysDeps } from './deps';
import { receiveSms } from './sending.deps';

// The very same opt-out as an SMS « STOP » from her number (its own transaction, confirmation, carrier list).
const useCase = makeStopMySurveys(surveysDeps, (phone) => receiveSms({ from: phone, body: 'STOP' }));

export const handler = httpRoute(surveysService, 'stopMySurveys', ({ actor }) => useCase.stop(actor));
