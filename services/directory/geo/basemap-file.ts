/**
 * The public base map read from the configured polygons file (RELAIS_COMMUNES_GEOJSON) and the
 * commune reference, built once per file and process, with its ETag. The local stack calls it at
 * start so that a wrong file stops it with a French message rather than a blank map later.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { directoryErrors } from '../errors';
import { buildBasemap } from './basemap';
import type { CommuneRef } from './geo.types';

export interface ServedBasemap {
  /** The GeoJSON, serialised once (sent as is). */
  body: Buffer;
  /** The same, gzipped once (~63 KB instead of ~280 KB for the Lot): neither gateway compresses API answers. */
  gzipped: Buffer;
  etag: string;
  features: number;
}

let cached: { key: string; value: ServedBasemap } | undefined;

export function readBasemap(path: string | undefined, departement: string, communes: readonly CommuneRef[]): ServedBasemap {
  if (!path) throw directoryErrors.error('basemap.not-configured');
  const key = `${path}|${departement}|${communes.length}`;
  if (cached?.key === key) return cached.value;
  const invalid = (why: string) => directoryErrors.error('basemap.file-invalid', { params: { file: path, why } });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(code === 'ENOENT' ? 'il est introuvable' : code ? 'il ne peut pas être lu' : 'ce n’est pas du JSON');
  }
  const built = buildBasemap(parsed, communes, { departement });
  if ('problem' in built) throw invalid(built.problem);
  const body = Buffer.from(JSON.stringify(built));
  const value = { body, gzipped: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, features: built.features.length };
  cached = { key, value };
  return value;
}
