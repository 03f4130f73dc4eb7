/**
 * The sites on a MapLibre map, over the base map of map-base.ts (a plain background locally:
 * no tiles, no network). Loaded lazily: MapLibre is only downloaded by the map pages.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { Site } from '../api/types';
import { boundsOfPoints, createBaseMap } from './map-base';
import {
  appendHours,
  cardOf,
  element,
  MapFrame,
  type MapState,
  onPointsClicked,
  type PointSelection,
  usePointPopup,
  useSelectionJump,
} from './point-map';

interface FeatureCollection {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    geometry: { type: 'Point'; coordinates: [number, number] };
    properties: { id: string; name: string; unconditional: boolean };
  }>;
}

export const SITES_LAYER = 'sites';

function toFeatures(sites: readonly Site[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: sites.map((site) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [site.location.lon, site.location.lat] },
      properties: { id: site.id, name: site.name, unconditional: site.unconditionalReception },
    })),
  };
}

const boundsOf = (sites: readonly Site[]) => boundsOfPoints(sites.map((site) => site.location));

function addSiteLayers(map: MapLibreMap, sites: readonly Site[]): void {
  if (map.getSource('sites')) return;
  map.addSource('sites', { type: 'geojson', data: toFeatures(sites) });
  map.addLayer({
    id: SITES_LAYER,
    type: 'circle',
    source: 'sites',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 6, 12, 10],
      'circle-color': ['case', ['get', 'unconditional'], '#000091', '#ce614a'],
      'circle-stroke-width': 2,
      'circle-stroke-color': '#ffffff',
    },
  });
}

function siteCard(site: Site, organisationName: string): HTMLElement {
  const card = cardOf(site, organisationName);
  appendHours(card, site.openingHours);
  if (site.unconditionalReception) card.append(element('span', 'badge badge--success', 'Accueil inconditionnel'));
  return card;
}

export type SiteSelection = PointSelection;

interface Props {
  sites: readonly Site[];
  organisationName: (id: string) => string;
  selection: SiteSelection | null;
  /** Amazon Location style descriptor (AWS); absent: the plain local base. */
  styleUrl?: string;
}

const FRAME = { className: 'site-map', 'aria-label': 'Carte des lieux d’accueil', 'data-testid': 'site-map' };

export default function SiteMap({ sites, organisationName, selection, styleUrl }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const sitesRef = useRef(sites);
  sitesRef.current = sites;
  const nameRef = useRef(organisationName);
  nameRef.current = organisationName;
  const [state, setState] = useState<MapState>('loading');
  const [renderedCount, setRenderedCount] = useState(0);

  const popup = usePointPopup<Site>(mapRef, '320px', (site) => siteCard(site, nameRef.current(site.organisationId)));
  const openPopup = popup.open;

  // One map per mount; the sites are updated in place below.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = createBaseMap({
      container,
      styleUrl,
      bounds: boundsOf(sitesRef.current),
      addLayers: (m) => addSiteLayers(m, sitesRef.current),
      onFailure: () => setState('error'),
    });
    if (!map) return;
    mapRef.current = map;
    map.on('idle', () => {
      if (!map.getLayer(SITES_LAYER)) return;
      const rendered = new Set(map.queryRenderedFeatures({ layers: [SITES_LAYER] }).map((f) => f.properties.id));
      setRenderedCount(rendered.size);
      setState('ready');
    });
    onPointsClicked(map, SITES_LAYER, (ids) =>
      openPopup(
        sitesRef.current.filter((site) => ids.has(site.id)),
        null,
      ),
    );
    return () => {
      popup.close();
      mapRef.current = null;
      map.remove();
    };
    // One map per mount: the style URL comes from the configuration, which does not change.
  }, []);

  // New or changed sites: redraw and reframe.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const source = map.getSource<GeoJSONSource>('sites');
    if (!source) return;
    setState('loading');
    void source.setData(toFeatures(sites));
    map.fitBounds(boundsOf(sites), { padding: 48, maxZoom: 12, animate: false });
  }, [sites]);

  // A site chosen in the list: centre it and open its card.
  useSelectionJump(mapRef, containerRef, selection, (id) => sitesRef.current.find((s) => s.id === id), openPopup);

  return (
    <MapFrame
      {...{ containerRef, state }}
      {...FRAME}
      drawn={`${renderedCount} lieux`}
      data-site-count={renderedCount}
      notice={
        state === 'error' ? (
          <p className="notice notice--warning site-map__error">
            La carte ne peut pas s’afficher sur ce navigateur (WebGL indisponible). La liste ci-dessous présente les mêmes lieux.
          </p>
        ) : null
      }
    />
  );
}
