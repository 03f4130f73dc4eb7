import { httpRoute } from '../../../shared/http/route-handler';
import { getIndicatorsRoute } from '../routes/get-indicators.route';
import { makeGetReport } from '../use-cases/indicators.use-cases';
import { indicatorsDeps } from './deps';

const getReport = makeGetReport(indicatorsDeps);

export const handler = httpRoute(getIndicatorsRoute, ({ query }) => getReport(query.year));
