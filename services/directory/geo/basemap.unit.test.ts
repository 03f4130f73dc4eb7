import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Basemap, buildBasemap, simplifyRing } from './basemap';
import type { CommuneRef } from './geo.types';

const LOT = join(resolve(__dirname, '..', '..', '..', '..', 'shared', 'data'), 'lot-communes.geojson');

const square = (size: number): Array<[number, number]> => [
  [0, 0],
  [size, 0],
  [size, size],
  [0, size],
  [0, 0],
];

function ref(code: string, name: string, population: number, location?: { lon: number; lat: number }): CommuneRef {
  return { code, name, departement: code.slice(0, 2), population, postalCodes: [], location };
}

describe('simplifyRing', () => {
  it('drops the points that stay within the tolerance of a straight side, and keeps the ring closed', () => {
    const ring: Array<[number, number]> = [
      [0, 0],
      [0.5, 0.00001],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(simplifyRing(ring, 0.001)).toEqual(square(1));
  });

  it('keeps a point farther than the tolerance', () => {
    const ring: Array<[number, number]> = [
      [0, 0],
      [0.5, 0.2],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(simplifyRing(ring, 0.001)).toContainEqual([0.5, 0.2]);
  });

  it('keeps a tiny ring as it is rather than collapse it', () => {
    const tiny: Array<[number, number]> = [
      [0, 0],
      [0.001, 0],
      [0.001, 0.001],
      [0, 0.001],
      [0, 0],
    ];
    expect(simplifyRing(tiny, 1)).toEqual(tiny);
  });
});

describe('buildBasemap', () => {
  const file = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: '46042', nom: 'Cahors (fichier)' }, geometry: { type: 'Polygon', coordinates: [square(1)] } },
      { type: 'Feature', properties: { code: '46102', nom: 'Figeac' }, geometry: { type: 'Polygon', coordinates: [square(2)] } },
      { type: 'Feature', properties: { code: '46001', nom: 'Albas' }, geometry: { type: 'Polygon', coordinates: [square(3)] } },
      {
        type: 'Feature',
        properties: { code: '19031', nom: 'Brive-la-Gaillarde' },
        geometry: { type: 'Polygon', coordinates: [square(4)] },
      },
    ],
  };
  const communes = [ref('46042', 'Cahors', 19_000, { lon: 1.44, lat: 44.45 }), ref('46102', 'Figeac', 9_800), ref('46001', 'Albas', 500)];

  it('keeps the communes of the département only, named from the reference, with one label each', () => {
    const map = buildBasemap(file, communes, { departement: '46', mainTowns: 2 }) as Basemap;
    const outlines = map.features.filter((f) => f.properties.kind === 'commune');
    expect(outlines.map((f) => f.properties.name)).toEqual(['Cahors', 'Figeac', 'Albas']);
    const labels = map.features.filter((f) => f.properties.kind === 'label');
    expect(labels.map((f) => [f.properties.name, 'main' in f.properties && f.properties.main])).toEqual([
      ['Cahors', true],
      ['Figeac', true],
      ['Albas', false],
    ]);
    // The reference's centre when it has one, else the middle of the outline.
    expect(labels[0]?.geometry.coordinates).toEqual([1.44, 44.45]);
    expect(labels[1]?.geometry.coordinates).toEqual([1, 1]);
  });

  it('says in French why a file cannot serve', () => {
    expect(buildBasemap({ type: 'Feature' }, communes, { departement: '46' })).toEqual({
      problem: 'ce n’est pas une collection GeoJSON (FeatureCollection)',
    });
    expect(buildBasemap(file, communes, { departement: '12' })).toEqual({
      problem: 'aucune commune du département 12 (propriété « code ») n’y figure',
    });
  });

  it('makes the Lot’s 312 communes a base map well under the size of the file, every ring still closed', () => {
    const text = readFileSync(LOT, 'utf8');
    const map = buildBasemap(JSON.parse(text), [], { departement: '46' }) as Basemap;
    const outlines = map.features.filter((f) => f.geometry.type !== 'Point');
    expect(outlines).toHaveLength(312);
    expect(map.features.filter((f) => f.properties.kind === 'label')).toHaveLength(312);
    const size = JSON.stringify(map).length;
    expect(size).toBeLessThan(text.length * 0.7);
    for (const feature of outlines) {
      const rings = feature.geometry.type === 'Polygon' ? (feature.geometry.coordinates as Array<Array<[number, number]>>) : [];
      for (const ring of rings) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
      }
    }
  });
});
