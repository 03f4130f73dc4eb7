import { readFileSync } from 'node:fs';
import { settings } from '../../../shared/config/settings';
import { NotFoundError, ServiceUnavailableError } from '../../../shared/errors/errors';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { directoryService } from '../service';

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
    throw new NotFoundError('Aucun contour de commune n’est configuré (RELAIS_COMMUNES_GEOJSON) : la carte montre des cercles.');
  }
  if (cached?.path === path) return cached.body;
  let parsed: { type?: string; features?: Array<{ properties?: Record<string, unknown> }> };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ServiceUnavailableError(`Le fichier des contours de communes (RELAIS_COMMUNES_GEOJSON = ${path}) est illisible.`);
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

export const handler = httpRoute(directoryService, 'communeOutlines', async () =>
  reply({ status: 200, body: outlines(), headers: { 'content-type': 'application/geo+json', 'cache-control': 'private, max-age=3600' } }),
);
