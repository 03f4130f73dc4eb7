/**
 * The public map's local base map (ADR 0043): the département's commune outlines, drawn by
 * MapLibre as fill and line layers from `GET /api/public/basemap`, and the communes' names.
 * No font glyphs ship with the project (MapLibre's symbol layers need a `glyphs` URL), so the
 * names are HTML labels placed over the map: the main towns at every zoom, the other communes
 * once zoomed in, the larger first, none overlapping another. They repeat nothing the list does
 * not say, so they are hidden from screen readers. Used only when no tile style is configured
 * (locally) or the configured one cannot be reached; Amazon Location's style draws its own.
 */
import type { GeoJSONSource, LngLatLike, Map as MapLibreMap } from 'maplibre-gl';
import { Marker } from 'maplibre-gl';
import { fetchBasemap } from './basemap-data';

interface Label {
  code: string;
  name: string;
  population: number;
  main: boolean;
  at: [number, number];
}

const SOURCE = 'basemap';
/** Below this zoom, only the main towns are named. */
const ALL_NAMES_ZOOM = 9.5;
const MAX_LABELS = 90;
const LABEL_OFFSET = 5;
/** An estimate of a label's box, in pixels (15 px text, about 7.5 px a character). */
const boxOf = (label: Label, x: number, y: number) => {
  const width = label.name.length * (label.main ? 8.5 : 7.5) + 8;
  const height = label.main ? 22 : 19;
  // Drawn just below the commune's centre, so that a place's point there stays visible.
  return { left: x - width / 2, right: x + width / 2, top: y + LABEL_OFFSET, bottom: y + LABEL_OFFSET + height };
};

/** The names drawn over one map, kept across style reloads. */
const labelsOf = new WeakMap<MapLibreMap, CommuneLabels>();

class CommuneLabels {
  private readonly markers = new Map<string, Marker>();
  constructor(
    private readonly map: MapLibreMap,
    private readonly labels: readonly Label[],
  ) {
    map.on('moveend', () => this.place());
    this.place();
  }

  /** Greedy placement, larger communes first; a label that would overlap a placed one waits for a closer zoom. */
  place(): void {
    const zoom = this.map.getZoom();
    const bounds = this.map.getBounds();
    const placed: Array<ReturnType<typeof boxOf>> = [];
    const wanted = new Set<string>();
    for (const label of this.labels) {
      if (wanted.size >= MAX_LABELS) break;
      if (!label.main && zoom < ALL_NAMES_ZOOM) continue;
      if (!bounds.contains(label.at as LngLatLike)) continue;
      const { x, y } = this.map.project(label.at as LngLatLike);
      const box = boxOf(label, x, y);
      if (placed.some((p) => box.left < p.right && box.right > p.left && box.top < p.bottom && box.bottom > p.top)) continue;
      placed.push(box);
      wanted.add(label.code);
    }
    for (const [code, marker] of this.markers) {
      if (wanted.has(code)) continue;
      marker.remove();
      this.markers.delete(code);
    }
    for (const label of this.labels) {
      if (!wanted.has(label.code) || this.markers.has(label.code)) continue;
      const element = document.createElement('div');
      element.className = label.main ? 'map-label map-label--main' : 'map-label';
      element.textContent = label.name;
      element.setAttribute('aria-hidden', 'true');
      element.dataset.communeCode = label.code;
      this.markers.set(
        label.code,
        new Marker({ element, anchor: 'top', offset: [0, LABEL_OFFSET] }).setLngLat(label.at as LngLatLike).addTo(this.map),
      );
    }
  }
}

/** Adds the outlines' layers (below whatever is added next) and fills them once the base map arrives. */
export function addBasemap(map: MapLibreMap, onReady?: () => void): void {
  if (map.getSource(SOURCE)) return;
  map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: 'basemap-communes',
    type: 'fill',
    source: SOURCE,
    filter: ['==', ['get', 'kind'], 'commune'],
    paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.85 },
  });
  map.addLayer({
    id: 'basemap-outlines',
    type: 'line',
    source: SOURCE,
    filter: ['==', ['get', 'kind'], 'commune'],
    paint: { 'line-color': '#9a9ab8', 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.5, 12, 1.5] },
  });
  fetchBasemap()
    .then((collection) => {
      const source = map.getSource<GeoJSONSource>(SOURCE);
      if (!source) return;
      void source.setData({
        type: 'FeatureCollection',
        features: collection.features.filter((f) => f.properties.kind === 'commune'),
      } as never);
      if (!labelsOf.has(map)) {
        const labels = collection.features
          .filter((f) => f.properties.kind === 'label')
          .map((f) => ({
            code: f.properties.code,
            name: f.properties.name,
            population: f.properties.population ?? 0,
            main: f.properties.main === true,
            at: f.geometry.coordinates as [number, number],
          }))
          .sort((a, b) => Number(b.main) - Number(a.main) || b.population - a.population);
        labelsOf.set(map, new CommuneLabels(map, labels));
      }
      onReady?.();
    })
    // Without the base map the points still stand on the plain background.
    .catch(() => undefined);
}
