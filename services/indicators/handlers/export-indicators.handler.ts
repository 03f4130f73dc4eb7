import { httpRoute, reply } from '../../../shared/http/route-handler';
import { exportIndicatorsRoute } from '../routes/export-indicators.route';
import { makeExportReport } from '../use-cases/export-report';
import { indicatorsDeps } from './deps';

const exportReport = makeExportReport(indicatorsDeps);

export const handler = httpRoute(exportIndicatorsRoute, async ({ query }) => {
  const file = await exportReport(query.year, query.format);
  return reply({
    body: file.body,
    headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename}"` },
  });
});
