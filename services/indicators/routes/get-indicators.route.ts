import { ReportQuerySchema, ReportSchema } from '../domain/indicators.schema';
import { COORDINATION, handler, indicatorsRoute } from './common';

export const getIndicatorsRoute = indicatorsRoute({
  id: 'getIndicators',
  method: 'GET',
  path: '/api/indicators',
  access: COORDINATION,
  handler: handler('get-indicators.handler.ts'),
  summary: 'Les neuf indicateurs de l’année avec leurs cibles, et l’observatoire des besoins sociaux',
  schemas: { query: ReportQuerySchema, response: ReportSchema },
});
