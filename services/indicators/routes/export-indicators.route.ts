import { ExportQuerySchema } from '../domain/indicators.schema';
import { COORDINATION, handler, indicatorsRoute } from './common';

export const exportIndicatorsRoute = indicatorsRoute({
  id: 'exportIndicators',
  method: 'GET',
  path: '/api/indicators/export',
  access: COORDINATION,
  handler: handler('export-indicators.handler.ts'),
  summary: 'Le rapport annuel pour l’État : tableur CSV ou XLSX (indicateurs, définitions, cibles, observatoire)',
  schemas: { query: ExportQuerySchema },
  responseTypes: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
});
