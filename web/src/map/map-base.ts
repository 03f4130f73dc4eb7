/**
 * What every map of Relais shares: the French labels of MapLibre's controls, and the base map.
 * Locally (and whenever no style URL is configured) the base is a plain background: no tiles,
 * no network, nothing the CSP must allow. On AWS `/config.json` gives `mapStyleUrl`, an Amazon
 * Location style descriptor; if it cannot be loaded, the map falls back to the plain base
 * rather than staying blank. The data layers are added on top once a style is loaded, and again
 * after a fallback (a new style drops the layers of the previous one).
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { LngLatBounds, Map as MapLibreMap, type MapOptions, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
// The worker is a separate module file: Vite copies it as an asset and gives its URL.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(workerUrl);

export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;

export const FRENCH_UI: Record<string, string> = {
  'Map.Title': 'Carte interactive : flèches pour se déplacer, + et − pour zoomer',
  'NavigationControl.ZoomIn': 'Zoomer',
  'NavigationControl.ZoomOut': 'Dézoomer',
  'NavigationControl.ResetBearing': 'Réorienter la carte vers le nord',
  'Popup.Close': 'Fermer la fiche du lieu',
  'ScaleControl.Kilometers': 'km',
  'ScaleControl.Meters': 'm',
};

export const BACKGROUND = '#eef1f8';

/** Metropolitan France, when there is nothing to frame. */
const FRANCE: [number, number, number, number] = [-5.2, 41.3, 9.6, 51.1];

/** The base map without any tile: a background only. */
export const localBaseStyle = (): StyleSpecification => ({
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
});

export function boundsOfPoints(points: ReadonlyArray<{ lon: number; lat: number }>): LngLatBounds {
  if (points.length === 0) return new LngLatBounds([FRANCE[0], FRANCE[1]], [FRANCE[2], FRANCE[3]]);
  const bounds = new LngLatBounds();
  for (const point of points) bounds.extend([point.lon, point.lat]);
  return bounds;
}

export interface BaseMapOptions {
  container: HTMLElement;
  /** Amazon Location style descriptor (AWS); absent: the plain local base. */
  styleUrl?: string;
  bounds: LngLatBounds;
  /** Adds the data sources and layers; called after each style load, saying which base is drawn. */
  addLayers: (map: MapLibreMap, base: 'local' | 'remote') => void;
  /** The map cannot be drawn at all (no WebGL). */
  onFailure: () => void;
  maxZoom?: number;
}

const isWebGlFailure = (message: string | undefined): boolean => /webgl/i.test(message ?? '');

/** A map with the shared controls; `null` when this browser cannot draw maps. */
export function createBaseMap({ container, styleUrl, bounds, addLayers, onFailure, maxZoom = 12 }: BaseMapOptions): MapLibreMap | null {
  let map: MapLibreMap;
  let usingRemote = !!styleUrl;
  try {
    map = new MapLibreMap({
      container,
      style: styleUrl ?? localBaseStyle(),
      bounds,
      fitBoundsOptions: { padding: 40, maxZoom },
      maxZoom: 17,
      // The remote style carries its own attribution; the local base has nothing to credit.
      attributionControl: styleUrl ? { compact: true } : false,
      locale: FRENCH_UI,
    });
  } catch {
    onFailure();
    return null;
  }
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  let styleLoaded = false;
  map.on('style.load', () => {
    styleLoaded = true;
    addLayers(map, usingRemote ? 'remote' : 'local');
  });
  map.on('error', (event) => {
    const message = event.error?.message;
    // Without WebGL nothing can be drawn; other errors (a bad feature, a missing tile) leave the map usable.
    if (isWebGlFailure(message)) {
      onFailure();
      return;
    }
    if (usingRemote && !styleLoaded) {
      // The configured base map cannot be reached (network, key): keep the data on the plain base.
      usingRemote = false;
      map.setStyle(localBaseStyle());
    }
  });
  return map;
}
