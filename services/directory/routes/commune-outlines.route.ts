import { directoryRoute, handler } from './common';

export const communeOutlinesRoute = directoryRoute({
  id: 'communeOutlines',
  method: 'GET',
  path: '/api/communes/outlines',
  access: 'authenticated',
  handler: handler('commune-outlines.handler.ts'),
  summary: 'Contours des communes du département (GeoJSON), pour la carte de couverture',
  responseTypes: ['application/geo+json'],
  // 404 when no outline file is configured, 503 when it cannot be read.
  errorStatuses: [404, 503],
});
