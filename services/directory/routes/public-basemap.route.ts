import { directoryRoute, handler } from './common';

export const publicBasemapRoute = directoryRoute({
  id: 'publicBasemap',
  method: 'GET',
  path: '/api/public/basemap',
  access: 'public',
  handler: handler('public-basemap.handler.ts'),
  summary: 'Carte publique : le fond de carte local (contours et noms des communes du département, GeoJSON)',
  responseTypes: ['application/geo+json'],
  // 404 when no outline file is configured, 503 when it cannot serve as a base map.
  errorStatuses: [404, 503],
});
