/**
 * The public map's base map when no tile service is configured (locally, ADR 0043): the
 * département's commune outlines, lightly simplified, and one label point per commune, the
 * main towns (largest populations) marked apart. Built from the configured files only
 * (RELAIS_COMMUNES_GEOJSON for the outlines, the commune reference for names, populations and
 * centres); pure, so that it is tested without a stack.
 */
import type { CommuneRef } from './geo.types';

type Position = [number, number];
type Ring = Position[];

export interface BasemapFeature {
  type: 'Feature';
  geometry:
    | { type: 'Polygon'; coordinates: Ring[] }
    | { type: 'MultiPolygon'; coordinates: Ring[][] }
    | { type: 'Point'; coordinates: Position };
  properties:
    | { kind: 'commune'; code: string; name: string }
    | { kind: 'label'; code: string; name: string; population: number; main: boolean };
}

export interface Basemap {
  type: 'FeatureCollection';
  features: BasemapFeature[];
}

export interface BasemapOptions {
  departement: string;
  /** How many towns, by population, are the département's main towns (labelled at every zoom). */
  mainTowns?: number;
  /** Douglas–Peucker tolerance, in degrees (0.001° ≈ 80–110 m in France: finer than a pixel at the département’s zoom). */
  tolerance?: number;
}

/** Why a polygon file cannot make a base map, in French (shown at start and in the 503). */
export interface BasemapProblem {
  problem: string;
}

const DECIMALS = 1e4;
const round = (value: number): number => Math.round(value * DECIMALS) / DECIMALS;

function perpendicularDistance([x, y]: Position, [x1, y1]: Position, [x2, y2]: Position): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  if (dx === 0 && dy === 0) return Math.hypot(x - x1, y - y1);
  return Math.abs(dy * x - dx * y + x2 * y1 - y2 * x1) / Math.hypot(dx, dy);
}

/** Douglas–Peucker on an open line (iterative: long rings do not exhaust the stack). */
function simplifyLine(points: Ring, tolerance: number): Ring {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop() as [number, number];
    let farthest = -1;
    let distance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicularDistance(points[i] as Position, points[first] as Position, points[last] as Position);
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** A closed ring simplified and rounded; the original (rounded) when too little would be left. */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  const rounded: Ring = [];
  for (const [lon, lat] of ring) {
    const point: Position = [round(lon), round(lat)];
    const previous = rounded[rounded.length - 1];
    if (!previous || previous[0] !== point[0] || previous[1] !== point[1]) rounded.push(point);
  }
  // Split the closed ring at its farthest point from the start, so that both halves keep their ends.
  const start = rounded[0] as Position;
  let split = 1;
  let far = -1;
  for (let i = 1; i < rounded.length - 1; i++) {
    const d = Math.hypot((rounded[i] as Position)[0] - start[0], (rounded[i] as Position)[1] - start[1]);
    if (d > far) {
      far = d;
      split = i;
    }
  }
  const simplified = [
    ...simplifyLine(rounded.slice(0, split + 1), tolerance).slice(0, -1),
    ...simplifyLine(rounded.slice(split), tolerance),
  ];
  return simplified.length >= 4 ? simplified : rounded;
}

interface SourceFeature {
  geometry?: { type?: string; coordinates?: unknown };
  properties?: Record<string, unknown> | null;
}

function centreOfRing(ring: Ring): Position {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [round((minX + maxX) / 2), round((minY + maxY) / 2)];
}

/**
 * The base map of one département from a parsed GeoJSON FeatureCollection (features with a
 * `code` property and Polygon or MultiPolygon geometries) and the commune reference; the
 * problem, in French, when the file holds no commune of the département.
 */
export function buildBasemap(geojson: unknown, communes: readonly CommuneRef[], options: BasemapOptions): Basemap | BasemapProblem {
  const { departement, mainTowns = 10, tolerance = 0.001 } = options;
  const source = geojson as { type?: string; features?: SourceFeature[] } | null;
  if (source?.type !== 'FeatureCollection' || !Array.isArray(source.features))
    return { problem: 'ce n’est pas une collection GeoJSON (FeatureCollection)' };
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const outlines: BasemapFeature[] = [];
  const centres = new Map<string, Position>();
  for (const feature of source.features) {
    const code = String(feature.properties?.code ?? '');
    if (!code.startsWith(departement)) continue;
    const geometry = feature.geometry;
    const name = byCode.get(code)?.name ?? String(feature.properties?.nom ?? feature.properties?.name ?? code);
    if (geometry?.type === 'Polygon') {
      const rings = (geometry.coordinates as Ring[]).map((ring) => simplifyRing(ring, tolerance));
      outlines.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: rings }, properties: { kind: 'commune', code, name } });
      centres.set(code, centreOfRing(rings[0] ?? []));
    } else if (geometry?.type === 'MultiPolygon') {
      const polygons = (geometry.coordinates as Ring[][]).map((rings) => rings.map((ring) => simplifyRing(ring, tolerance)));
      outlines.push({
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: polygons },
        properties: { kind: 'commune', code, name },
      });
      centres.set(code, centreOfRing(polygons[0]?.[0] ?? []));
    }
  }
  if (outlines.length === 0) return { problem: `aucune commune du département ${departement} (propriété « code ») n’y figure` };

  const labelled = outlines.map((feature) => {
    const { code, name } = feature.properties;
    const ref = byCode.get(code);
    const at: Position = ref?.location ? [round(ref.location.lon), round(ref.location.lat)] : (centres.get(code) as Position);
    return { code, name, population: ref?.population ?? 0, at };
  });
  const main = new Set(
    [...labelled]
      .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name, 'fr'))
      .slice(0, mainTowns)
      .filter((c) => c.population > 0)
      .map((c) => c.code),
  );
  const labels: BasemapFeature[] = labelled.map((c) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: c.at },
    properties: { kind: 'label', code: c.code, name: c.name, population: c.population, main: main.has(c.code) },
  }));
  return { type: 'FeatureCollection', features: [...outlines, ...labels] };
}
