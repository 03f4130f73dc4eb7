import { httpRoute } from '../../../shared/http/route-handler';
import { measuringOrganisationsRoute } from '../routes/measuring-organisations.route';
import { makeMeasuringOrganisations } from '../use-cases/results.use-cases';
import { surveysDeps } from './deps';

const measuring = makeMeasuringOrganisations(surveysDeps);

export const handler = httpRoute(measuringOrganisationsRoute, () => measuring.execute());
