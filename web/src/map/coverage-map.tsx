/**
 * The coverage map: each commune coloured by the minutes to its nearest unconditional reception
 * point (a colour-blind-safe sequential scale, ColorBrewer YlGnBu), the communes beyond the
 * threshold hatched and outlined in orange, so that they stand out without relying on colour.
 * Polygons when the outlines are known; otherwise a circle at each commune's centre (sized by
 * population), the uncovered ones ringed in orange with a white dot. Reception points are black
 * squares. Loaded lazily.
 */
import { type Map as MapLibreMap, Popup } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { Coverage, CoverageCommune, Location } from '../api/types';
import { formatInteger } from '../labels';
import { MapFrame, mapFailed } from './point-map';
import { COVERAGE_COLOURS, classLimits, GAP_OUTLINE, NO_DATA_COLOUR, type OutlineCollection } from './coverage-scale';
import { boundsOfPoints, createBaseMap } from './map-base';

const COMMUNES_LAYER = 'coverage-communes';

function colourExpression(threshold: number): unknown {
  const [a, b, c, d] = classLimits(threshold);
  return [
    'case',
    ['<', ['get', 'minutes'], 0],
    NO_DATA_COLOUR,
    [
      'step',
      ['get', 'minutes'],
      COVERAGE_COLOURS[0],
      a,
      COVERAGE_COLOURS[1],
      b,
      COVERAGE_COLOURS[2],
      c,
      COVERAGE_COLOURS[3],
      d,
      COVERAGE_COLOURS[4],
    ],
  ];
}

/** A small RGBA image: diagonal white lines (the hatch of the gaps), or the square of a site. */
function hatchImage() {
  const size = 8;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if ((x + y) % size < 2) data.set([255, 255, 255, 230], (y * size + x) * 4);
    }
  return { width: size, height: size, data };
}

function squareImage() {
  const size = 14;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const edge = x < 2 || y < 2 || x >= size - 2 || y >= size - 2;
      data.set(edge ? [255, 255, 255, 255] : [22, 22, 22, 255], (y * size + x) * 4);
    }
  return { width: size, height: size, data };
}

interface Props {
  coverage: Coverage;
  outlines: OutlineCollection | null;
  sites: ReadonlyArray<{ id: string; name: string; location: Location }>;
  siteName: (id: string | null) => string | undefined;
  styleUrl?: string;
  onUnavailable: () => void;
}

const propertiesOf = (c: CoverageCommune) => ({
  code: c.code,
  name: c.name,
  population: c.population,
  minutes: c.minutes ?? -1,
  covered: c.covered,
  nearestSiteId: c.nearestSiteId ?? '',
});

function communeFeatures(coverage: Coverage, outlines: OutlineCollection | null) {
  const byCode = new Map(coverage.communes.map((c) => [c.code, c]));
  if (outlines) {
    return {
      type: 'FeatureCollection' as const,
      features: outlines.features.flatMap((feature) => {
        const commune = byCode.get(String(feature.properties?.code ?? ''));
        return commune ? [{ type: 'Feature' as const, geometry: feature.geometry, properties: propertiesOf(commune) }] : [];
      }),
    };
  }
  return {
    type: 'FeatureCollection' as const,
    features: coverage.communes
      .filter((c) => c.location)
      .map((c) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [c.location?.lon ?? 0, c.location?.lat ?? 0] },
        properties: propertiesOf(c),
      })),
  };
}

function addLayers(map: MapLibreMap, props: Props): void {
  if (map.getSource('coverage')) return;
  const { coverage, outlines, sites } = props;
  if (!map.hasImage('coverage-hatch')) map.addImage('coverage-hatch', hatchImage());
  if (!map.hasImage('coverage-site')) map.addImage('coverage-site', squareImage());
  // biome-ignore lint/suspicious/noExplicitAny: the GeoJSON geometry of the outlines file is passed through as read
  map.addSource('coverage', { type: 'geojson', data: communeFeatures(coverage, outlines) as any });
  const colour = colourExpression(coverage.thresholdMinutes) as never;
  const gap = ['==', ['get', 'covered'], false] as never;
  if (outlines) {
    map.addLayer({ id: COMMUNES_LAYER, type: 'fill', source: 'coverage', paint: { 'fill-color': colour, 'fill-opacity': 0.9 } });
    map.addLayer({ id: 'coverage-lines', type: 'line', source: 'coverage', paint: { 'line-color': '#ffffff', 'line-width': 0.6 } });
    map.addLayer({ id: 'coverage-gap-hatch', type: 'fill', source: 'coverage', filter: gap, paint: { 'fill-pattern': 'coverage-hatch' } });
    map.addLayer({
      id: 'coverage-gap-outline',
      type: 'line',
      source: 'coverage',
      filter: gap,
      paint: { 'line-color': GAP_OUTLINE, 'line-width': 3 },
    });
  } else {
    map.addLayer({
      id: COMMUNES_LAYER,
      type: 'circle',
      source: 'coverage',
      paint: {
        'circle-color': colour,
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'population']], 0, 3, 30, 6, 150, 16],
        'circle-stroke-color': ['case', gap, GAP_OUTLINE, '#5a5a5a'] as never,
        'circle-stroke-width': ['case', gap, 3, 0.75] as never,
      },
    });
    map.addLayer({
      id: 'coverage-gap-dot',
      type: 'circle',
      source: 'coverage',
      filter: gap,
      paint: { 'circle-color': '#ffffff', 'circle-radius': 2.5, 'circle-stroke-color': '#161616', 'circle-stroke-width': 1 },
    });
  }
  map.addSource('coverage-sites', {
    type: 'geojson',
    data: {
      type: 'FeatureCollection',
      features: sites.map((s) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [s.location.lon, s.location.lat] },
        properties: { id: s.id, name: s.name },
      })),
    },
  });
  map.addLayer({
    id: 'coverage-sites',
    type: 'symbol',
    source: 'coverage-sites',
    layout: { 'icon-image': 'coverage-site', 'icon-allow-overlap': true, 'icon-ignore-placement': true },
  });
}

function outlineBounds(coverage: Coverage, outlines: OutlineCollection | null) {
  const points: Location[] = coverage.communes.flatMap((c) => (c.location ? [c.location] : []));
  if (points.length === 0 && outlines) {
    const walk = (value: unknown): void => {
      if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number')
        points.push({ lon: value[0], lat: value[1] });
      else if (Array.isArray(value)) for (const item of value) walk(item);
    };
    for (const feature of outlines.features) walk((feature.geometry as { coordinates?: unknown })?.coordinates);
  }
  return boundsOfPoints(points);
}

const text = (tag: string, content: string, className = '') => {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
};

const FRAME = { className: 'site-map coverage-map', 'aria-label': 'Carte de la couverture par commune', 'data-testid': 'coverage-map' };

export default function CoverageMap(props: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [featureCount, setFeatureCount] = useState(0);
  const geometry = props.outlines ? 'polygons' : 'circles';

  // A new map when the data change (a recalculation): simpler than diffing layers, and rare.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const fail = mapFailed(setState, () => latest.current.onUnavailable());
    setState('loading');
    const map = createBaseMap({
      container,
      styleUrl: latest.current.styleUrl,
      bounds: outlineBounds(latest.current.coverage, latest.current.outlines),
      addLayers: (m) => addLayers(m, latest.current),
      onFailure: fail,
      maxZoom: 11,
    });
    if (!map) {
      fail();
      return;
    }
    let popup: Popup | null = null;
    map.on('idle', () => {
      if (!map.getLayer(COMMUNES_LAYER)) return;
      setFeatureCount(new Set(map.queryRenderedFeatures({ layers: [COMMUNES_LAYER] }).map((f) => f.properties.code)).size);
      setState('ready');
    });
    map.on('click', COMMUNES_LAYER, (event) => {
      const p = event.features?.[0]?.properties as ReturnType<typeof propertiesOf> | undefined;
      if (!p) return;
      const threshold = latest.current.coverage.thresholdMinutes;
      const root = document.createElement('div');
      root.className = 'map-popup';
      root.append(text('p', p.name, 'map-popup__title'), text('p', `${formatInteger(p.population)} habitants`));
      root.append(
        text(
          'p',
          p.minutes < 0 ? 'Aucun lieu d’accueil joignable' : `${Math.round(p.minutes)} min du lieu d’accueil le plus proche`,
          p.covered ? '' : 'map-popup__closed',
        ),
      );
      const nearest = latest.current.siteName(p.nearestSiteId || null);
      if (nearest) root.append(text('p', nearest, 'map-popup__org'));
      if (!p.covered) root.append(text('p', `Au-delà de ${threshold} minutes`, 'badge badge--warning'));
      popup?.remove();
      popup = new Popup({ closeButton: true, maxWidth: '280px' }).setLngLat(event.lngLat).setDOMContent(root).addTo(map);
    });
    map.on('mouseenter', COMMUNES_LAYER, () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', COMMUNES_LAYER, () => {
      map.getCanvas().style.cursor = '';
    });
    return () => {
      popup?.remove();
      map.remove();
    };
  }, [props.coverage, props.outlines]);

  return (
    <MapFrame
      {...{ containerRef, state }}
      {...FRAME}
      drawn={`${featureCount} communes`}
      data-geometry={geometry}
      data-feature-count={featureCount}
    />
  );
}
