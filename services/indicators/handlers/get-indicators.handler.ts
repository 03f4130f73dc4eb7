import { httpRoute } from '../../../shared/http/route-handler';
import { indicatorsService } from '../service';
import { makeGetReport } from '../use-cases/indicators.use-cases';
import { indicatorsDeps } from './deps';

const getReport = makeGetReport(indicatorsDeps);

export const handler = httpRoute(indicatorsService, 'getIndicators', ({ query }) => getReport(query.year));
