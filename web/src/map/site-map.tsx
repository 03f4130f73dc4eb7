/**
 * The sites on a MapLibre map, over the base map of map-base.ts (a plain background locally:
 * no tiles, no network). Loaded lazily: MapLibre is only downloaded by the map pages.
 */
import { type GeoJSONSource, type Map as MapLibreMap, Popup } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { Site } from '../api/types';
import { formatOpeningHours } from '../labels';
import { boundsOfPoints, createBaseMap } from './map-base';

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

const element = (tag: string, className: string, text?: string) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

function siteCard(site: Site, organisationName: string): HTMLElement {
  const card = element('div', 'map-popup__site');
  card.append(element('p', 'map-popup__title', site.name), element('p', 'map-popup__org', organisationName));
  card.append(element('p', 'map-popup__address', site.address));
  const hours = formatOpeningHours(site.openingHours);
  if (hours.length > 0) {
    const list = element('ul', 'map-popup__hours');
    for (const line of hours) list.append(element('li', '', line));
    card.append(list);
  }
  if (site.unconditionalReception) card.append(element('span', 'badge badge--success', 'Accueil inconditionnel'));
  return card;
}

/** One card per site: sites a few hundred metres apart share a point at the département's scale. */
function popupContent(sites: readonly Site[], organisationName: (id: string) => string): HTMLElement {
  const root = element('div', 'map-popup');
  if (sites.length > 1) {
    const title = `${sites.length} lieux à cet endroit`;
    root.append(element('p', 'map-popup__count', title));
    // The list may scroll: it must then be reachable and named for keyboard users.
    root.tabIndex = 0;
    root.setAttribute('role', 'region');
    root.setAttribute('aria-label', title);
  }
  for (const site of sites) root.append(siteCard(site, organisationName(site.organisationId)));
  return root;
}

export interface SiteSelection {
  siteId: string;
  /** Changes on each request, so that choosing the same site twice opens it again. */
  nonce: number;
  /** Where the focus goes back when the site's popup closes. */
  returnFocus: HTMLElement | null;
}

interface Props {
  sites: readonly Site[];
  organisationName: (id: string) => string;
  selection: SiteSelection | null;
  /** Amazon Location style descriptor (AWS); absent: the plain local base. */
  styleUrl?: string;
}

type MapState = 'loading' | 'ready' | 'error';

export default function SiteMap({ sites, organisationName, selection, styleUrl }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const popupRef = useRef<Popup | null>(null);
  const sitesRef = useRef(sites);
  sitesRef.current = sites;
  const nameRef = useRef(organisationName);
  nameRef.current = organisationName;
  const [state, setState] = useState<MapState>('loading');
  const [renderedCount, setRenderedCount] = useState(0);

  const openPopup = (here: readonly Site[], returnFocus: HTMLElement | null) => {
    const map = mapRef.current;
    const first = here[0];
    if (!map || !first) return;
    popupRef.current?.remove();
    const popup = new Popup({ closeButton: true, focusAfterOpen: true, maxWidth: '320px', offset: 12 })
      .setLngLat([first.location.lon, first.location.lat])
      .setDOMContent(popupContent(here, nameRef.current));
    popup.on('close', () => {
      if (popupRef.current === popup) popupRef.current = null;
      if (returnFocus?.isConnected) returnFocus.focus();
    });
    popupRef.current = popup;
    popup.addTo(map);
  };

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
    map.on('click', SITES_LAYER, (event) => {
      const ids = new Set((event.features ?? []).map((feature) => feature.properties.id));
      openPopup(
        sitesRef.current.filter((site) => ids.has(site.id)),
        null,
      );
    });
    map.on('mouseenter', SITES_LAYER, () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', SITES_LAYER, () => {
      map.getCanvas().style.cursor = '';
    });
    return () => {
      popupRef.current?.remove();
      popupRef.current = null;
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
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !selection) return;
    const site = sitesRef.current.find((s) => s.id === selection.siteId);
    if (!site) return;
    containerRef.current?.scrollIntoView({ block: 'nearest' });
    map.jumpTo({ center: [site.location.lon, site.location.lat], zoom: Math.max(map.getZoom(), 11) });
    openPopup([site], selection.returnFocus);
  }, [selection]);

  return (
    <section
      className="site-map"
      aria-label="Carte des lieux d’accueil"
      data-testid="site-map"
      data-map-state={state}
      data-site-count={renderedCount}
    >
      {state === 'error' ? (
        <p className="notice notice--warning site-map__error">
          La carte ne peut pas s’afficher sur ce navigateur (WebGL indisponible). La liste ci-dessous présente les mêmes lieux.
        </p>
      ) : null}
      <div ref={containerRef} className="site-map__canvas" />
      <p className="visually-hidden" role="status" aria-live="polite">
        {state === 'ready' ? `Carte affichée : ${renderedCount} lieux.` : ''}
      </p>
    </section>
  );
}
