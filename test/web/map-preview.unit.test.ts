/**
 * The public map's static preview (ADR 0050): framed as MapLibre frames the same places, so that
 * the interactive map replaces it without a jump; the outlines as one SVG path; the main towns'
 * names larger first, none over another.
 */
import type { BasemapCollection, BasemapFeature } from '../../web/src/map/basemap-data';
import { fitProjection, mainTownLabels, outlinesPath } from '../../web/src/map/preview-geometry';

const CAHORS = { lon: 1.4417, lat: 44.4475 };
const FIGEAC = { lon: 2.0317, lat: 44.6086 };
const GOURDON = { lon: 1.3833, lat: 44.7372 };

const label = (code: string, name: string, at: [number, number], population: number, main = true): BasemapFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: at },
  properties: { kind: 'label', code, name, population, main },
});

describe('the preview framed as MapLibre frames', () => {
  it('puts the places inside the box, the limiting side exactly at the padding, centred on the other', () => {
    const { project } = fitProjection([CAHORS, FIGEAC, GOURDON], 800, 600, { padding: 40, maxZoom: 12 });
    const xs = [CAHORS, FIGEAC, GOURDON].map((p) => project(p.lon, p.lat)[0]);
    const ys = [CAHORS, FIGEAC, GOURDON].map((p) => project(p.lon, p.lat)[1]);
    // The three towns are wider than tall in Mercator: the width fills 800 − 2 × 40.
    expect(Math.min(...xs)).toBeCloseTo(40, 6);
    expect(Math.max(...xs)).toBeCloseTo(760, 6);
    expect((Math.min(...ys) + Math.max(...ys)) / 2).toBeCloseTo(300, 6);
    // North is up: Gourdon (north of Cahors) is drawn higher.
    expect(project(GOURDON.lon, GOURDON.lat)[1]).toBeLessThan(project(CAHORS.lon, CAHORS.lat)[1]);
    // Equal angles east–west are equal pixels (Mercator), whatever the latitude.
    const [a] = project(1, 44.5);
    const [b] = project(2, 44.5);
    const [c] = project(1, 40);
    const [d] = project(2, 40);
    expect(b - a).toBeCloseTo(d - c, 6);
  });

  it('gives MapLibre’s zoom for the département, and stops at the maximum zoom for a single place', () => {
    // The Lot, about 1.4° wide, in 720 px: zoom ≈ log2(720 / (1.4 / 360) / 512) ≈ 8.5.
    const lot = fitProjection(
      [
        { lon: 0.98, lat: 44.2 },
        { lon: 2.21, lat: 45.05 },
      ],
      800,
      600,
      { padding: 40, maxZoom: 12 },
    );
    expect(lot.zoom).toBeGreaterThan(8);
    expect(lot.zoom).toBeLessThan(9);
    const one = fitProjection([CAHORS], 800, 600, { padding: 48, maxZoom: 11 });
    expect(one.zoom).toBeCloseTo(11, 6);
    expect(one.project(CAHORS.lon, CAHORS.lat)).toEqual([400, 300]);
  });
});

describe('the outlines', () => {
  it('draws each ring of each commune, polygons and multipolygons, and nothing of the labels', () => {
    const basemap: BasemapCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
          properties: { kind: 'commune', code: '46001', name: 'Une' },
        },
        {
          type: 'Feature',
          geometry: {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [2, 0],
                  [3, 0],
                  [3, 1],
                  [2, 0],
                ],
              ],
              [
                [
                  [4, 0],
                  [5, 0],
                  [5, 1],
                  [4, 0],
                ],
              ],
            ],
          },
          properties: { kind: 'commune', code: '46002', name: 'Deux' },
        },
        label('46001', 'Une', [0.5, 0.5], 100),
      ],
    };
    const d = outlinesPath(basemap, (lon, lat) => [lon * 10, -lat * 10]);
    expect(d).toBe(
      'M0.0 0.0L10.0 0.0L10.0 -10.0L0.0 0.0ZM20.0 0.0L30.0 0.0L30.0 -10.0L20.0 0.0ZM40.0 0.0L50.0 0.0L50.0 -10.0L40.0 0.0Z',
    );
  });
});

describe('the main towns’ names', () => {
  const project = (lon: number, lat: number): [number, number] => [lon * 100, lat * 100];

  it('names the larger town first and leaves out a name that would cover it; only main towns, only in the box', () => {
    const basemap: BasemapCollection = {
      type: 'FeatureCollection',
      features: [
        label('46102', 'Figeac', [2.0, 1.0], 10_000),
        label('46042', 'Cahors', [2.1, 1.05], 20_000),
        label('46127', 'Gourdon', [4.0, 1.0], 4_000),
        label('46500', 'Village', [5.0, 1.0], 300, false),
        label('46600', 'Ailleurs', [50, 1.0], 8_000),
      ],
    };
    const names = mainTownLabels(basemap, project, 800, 600).map((l) => l.name);
    expect(names).toEqual(['Cahors', 'Gourdon']);
  });
});
