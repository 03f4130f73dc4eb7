import { readFileSync } from 'node:fs';
import { settings } from '../../../shared/config/settings';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { directoryErrors } from '../errors';
import { communeOutlinesRoute } from '../routes/commune-outlines.route';

interface Outlines {
  type: 'FeatureCollection';
  features: unknown[];
}

let cached: { path: string; body: Outlines } | undefined;

/** The département's commune outlines for the coverage map, from RELAIS_COMMUNES_GEOJSON. */
function outlines(): Outlines {
  const s = settings();
  const path = s.RELAIS_COMMUNES_GEOJSON;
  if (!path) {
    throw directoryErrors.error('outlines.not-configured');
  }
  if (cached?.path === path) return cached.body;
  let parsed: { type?: string; features?: Array<{ properties?: Record<string, unknown> }> };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw directoryErrors.error('outlines.file-unreadable', { params: { file: path } });
  }
  const dep = s.RELAIS_DEPARTEMENT;
  const features = (parsed.features ?? []).filter((f) => {
    const code = String(f.properties?.code ?? '');
    return code.startsWith(dep);
  });
  const body: Outlines = { type: 'FeatureCollection', features };
  cached = { path, body };
  return body;
}

export const handler = httpRoute(communeOutlinesRoute, async () =>
  reply({ status: 200, body: outlines(), headers: { 'content-type': 'application/geo+json', 'cache-control': 'private, max-age=3600' } }),
);
