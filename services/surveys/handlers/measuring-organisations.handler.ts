import { httpRoute } from '../../../shared/http/route-handler';
import { surveysService } from '../service';
import { makeMeasuringOrganisations } from '../use-cases/results.use-cases';
import { surveysDeps } from './deps';

const measuring = makeMeasuringOrganisations(surveysDeps);

export const handler = httpRoute(surveysService, 'measuringOrganisations', () => measuring.execute());
