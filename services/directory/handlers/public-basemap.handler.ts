import { settings } from '../../../shared/config/settings';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { readBasemap } from '../geo/basemap-file';
import { publicBasemapRoute } from '../routes/public-basemap.route';
import { communeReference } from './geo-deps';

/**
 * The public map's base map (ADR 0043): commune outlines and labels of the département, public
 * data, cached by browsers and shared caches for a day, revalidated by its ETag (304).
 */
export const handler = httpRoute(publicBasemapRoute, async ({ headers }) => {
  const s = settings();
  const basemap = readBasemap(
    s.RELAIS_COMMUNES_GEOJSON,
    s.RELAIS_DEPARTEMENT,
    s.RELAIS_COMMUNES_GEOJSON ? await communeReference().load() : [],
  );
  const cache = { etag: basemap.etag, 'cache-control': 'public, max-age=86400', vary: 'Accept-Encoding' };
  if (headers['if-none-match'] === basemap.etag) return reply({ status: 304, headers: cache });
  const gzip = /\bgzip\b/.test(headers['accept-encoding'] ?? '');
  return reply({
    status: 200,
    body: gzip ? basemap.gzipped : basemap.body,
    headers: { ...cache, 'content-type': 'application/geo+json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
  });
});
