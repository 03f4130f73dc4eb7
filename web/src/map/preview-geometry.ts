/**
 * The geometry of the public map's static preview (ADR 0050), pure: Web Mercator framed as
 * MapLibre's `fitBounds` frames (padding, maximum zoom, 512 px tiles), the commune outlines as
 * one SVG path, the main towns' names placed larger first, none over another.
 */
import type { BasemapCollection } from './basemap-data';

/** MapLibre's tiles are 512 px: at zoom z the world is 512 × 2^z pixels wide. */
const TILE = 512;
/** A name is drawn this far below its commune's centre, so that a place's point there stays visible. */
export const LABEL_OFFSET = 5;

const mercatorX = (lon: number) => (lon + 180) / 360;
const mercatorY = (lat: number) => {
  const phi = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
  return (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
};

export interface Projection {
  project: (lon: number, lat: number) => [number, number];
  zoom: number;
}

/** Fits the points in a box of `width` × `height` pixels as MapLibre's `fitBounds` does. */
export function fitProjection(
  points: ReadonlyArray<{ lon: number; lat: number }>,
  width: number,
  height: number,
  { padding, maxZoom }: { padding: number; maxZoom: number },
): Projection {
  // Metropolitan France when there is nothing to frame (map-base.ts).
  const framed =
    points.length > 0
      ? points
      : [
          { lon: -5.2, lat: 41.3 },
          { lon: 9.6, lat: 51.1 },
        ];
  const xs = framed.map((p) => mercatorX(p.lon));
  const ys = framed.map((p) => mercatorY(p.lat));
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const fits = [(width - 2 * padding) / Math.max(maxX - minX, 1e-12), (height - 2 * padding) / Math.max(maxY - minY, 1e-12)];
  const scale = Math.max(1, Math.min(...fits, TILE * 2 ** maxZoom));
  const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2];
  return {
    project: (lon, lat) => [width / 2 + (mercatorX(lon) - cx) * scale, height / 2 + (mercatorY(lat) - cy) * scale],
    zoom: Math.log2(scale / TILE),
  };
}

type Ring = Array<[number, number]>;

/** One SVG path of every commune outline (rings of Polygons and MultiPolygons), in pixels. */
export function outlinesPath(basemap: BasemapCollection, project: Projection['project']): string {
  const parts: string[] = [];
  const ring = (coordinates: Ring) => {
    let d = '';
    coordinates.forEach(([lon, lat], index) => {
      const [x, y] = project(lon, lat);
      d += `${index === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    });
    if (d) parts.push(`${d}Z`);
  };
  for (const feature of basemap.features) {
    if (feature.properties.kind !== 'commune') continue;
    if (feature.geometry.type === 'Polygon') for (const r of feature.geometry.coordinates as Ring[]) ring(r);
    else if (feature.geometry.type === 'MultiPolygon')
      for (const polygon of feature.geometry.coordinates as Ring[][]) for (const r of polygon) ring(r);
  }
  return parts.join('');
}

export interface PlacedLabel {
  code: string;
  name: string;
  x: number;
  y: number;
}

/** The main towns' names, larger first, none over another (basemap.ts's rule at the département's zoom). */
export function mainTownLabels(basemap: BasemapCollection, project: Projection['project'], width: number, height: number): PlacedLabel[] {
  const towns = basemap.features
    .filter((f) => f.properties.kind === 'label' && f.properties.main === true)
    .sort((a, b) => (b.properties.population ?? 0) - (a.properties.population ?? 0));
  const placed: Array<PlacedLabel & { box: [number, number, number, number] }> = [];
  for (const town of towns) {
    const [lon, lat] = town.geometry.coordinates as [number, number];
    const [x, y] = project(lon, lat);
    if (x < 0 || y < 0 || x > width || y > height) continue;
    const half = (town.properties.name.length * 8.5 + 8) / 2;
    const box: [number, number, number, number] = [x - half, x + half, y + LABEL_OFFSET, y + LABEL_OFFSET + 22];
    if (placed.some((p) => box[0] < p.box[1] && box[1] > p.box[0] && box[2] < p.box[3] && box[3] > p.box[2])) continue;
    placed.push({ code: town.properties.code, name: town.properties.name, x, y, box });
  }
  return placed.map(({ box: _box, ...label }) => label);
}
