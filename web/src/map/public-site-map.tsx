/**
 * The public map's reception points, over the base map of map-base.ts. The points nearest to the
 * commune the visitor chose are drawn larger, in another colour and with a thick ring (not by
 * colour alone), and framed. Loaded lazily, like every map.
 */
import { type GeoJSONSource, type Map as MapLibreMap, Popup } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { PublicSite } from '../api/types';
import { formatOpeningHours, formatPhone, openingStatus } from '../labels';
import { boundsOfPoints, createBaseMap } from './map-base';

export const PUBLIC_SITES_LAYER = 'public-sites';
const HIGHLIGHT_LAYER = 'public-sites-nearest';

function toFeatures(sites: readonly PublicSite[], highlighted: ReadonlySet<string>) {
  return {
    type: 'FeatureCollection' as const,
    features: sites.map((site) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [site.location.lon, site.location.lat] },
      properties: { id: site.id, name: site.name, nearest: highlighted.has(site.id) },
    })),
  };
}

function addLayers(map: MapLibreMap, sites: readonly PublicSite[], highlighted: ReadonlySet<string>): void {
  if (map.getSource('public-sites')) return;
  map.addSource('public-sites', { type: 'geojson', data: toFeatures(sites, highlighted) });
  map.addLayer({
    id: PUBLIC_SITES_LAYER,
    type: 'circle',
    source: 'public-sites',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 6, 12, 10],
      'circle-color': '#000091',
      'circle-stroke-width': 2,
      'circle-stroke-color': '#ffffff',
    },
  });
  map.addLayer({
    id: HIGHLIGHT_LAYER,
    type: 'circle',
    source: 'public-sites',
    filter: ['==', ['get', 'nearest'], true],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 10, 12, 15],
      'circle-color': '#e1000f',
      'circle-stroke-width': 4,
      'circle-stroke-color': '#161616',
    },
  });
}

const element = (tag: string, className: string, text?: string) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

function siteCard(site: PublicSite): HTMLElement {
  const card = element('div', 'map-popup__site');
  card.append(element('p', 'map-popup__title', site.name), element('p', 'map-popup__org', site.organisationName));
  card.append(element('p', 'map-popup__address', site.address));
  const status = openingStatus(site.openNow, site.nextOpening);
  if (status) card.append(element('p', site.openNow ? 'map-popup__open' : 'map-popup__closed', status));
  const hours = formatOpeningHours(site.openingHours);
  if (hours.length > 0) {
    const list = element('ul', 'map-popup__hours');
    for (const line of hours) list.append(element('li', '', line));
    card.append(list);
  }
  if (site.phone) {
    const phone = element('a', '', `Tél. ${formatPhone(site.phone)}`) as HTMLAnchorElement;
    phone.href = `tel:${site.phone}`;
    const line = element('p', '');
    line.append(phone);
    card.append(line);
  }
  return card;
}

function popupContent(sites: readonly PublicSite[]): HTMLElement {
  const root = element('div', 'map-popup');
  if (sites.length > 1) {
    const title = `${sites.length} lieux à cet endroit`;
    root.append(element('p', 'map-popup__count', title));
    root.tabIndex = 0;
    root.setAttribute('role', 'region');
    root.setAttribute('aria-label', title);
  }
  for (const site of sites) root.append(siteCard(site));
  return root;
}

export interface PublicSelection {
  siteId: string;
  nonce: number;
  returnFocus: HTMLElement | null;
}

interface Props {
  sites: readonly PublicSite[];
  /** Ids of the points nearest to the chosen commune, to draw apart and frame. */
  highlighted: readonly string[];
  selection: PublicSelection | null;
  styleUrl?: string;
  onUnavailable: () => void;
}

type MapState = 'loading' | 'ready' | 'error';

export default function PublicSiteMap({ sites, highlighted, selection, styleUrl, onUnavailable }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const popupRef = useRef<Popup | null>(null);
  const latest = useRef({ sites, highlighted: new Set(highlighted), styleUrl, onUnavailable });
  latest.current = { sites, highlighted: new Set(highlighted), styleUrl, onUnavailable };
  const [state, setState] = useState<MapState>('loading');
  const [renderedCount, setRenderedCount] = useState(0);
  const [highlightCount, setHighlightCount] = useState(0);

  const openPopup = (here: readonly PublicSite[], returnFocus: HTMLElement | null) => {
    const map = mapRef.current;
    const first = here[0];
    if (!map || !first) return;
    popupRef.current?.remove();
    const popup = new Popup({ closeButton: true, focusAfterOpen: true, maxWidth: '300px', offset: 12 })
      .setLngLat([first.location.lon, first.location.lat])
      .setDOMContent(popupContent(here));
    popup.on('close', () => {
      if (popupRef.current === popup) popupRef.current = null;
      if (returnFocus?.isConnected) returnFocus.focus();
    });
    popupRef.current = popup;
    popup.addTo(map);
  };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const fail = () => {
      setState('error');
      latest.current.onUnavailable();
    };
    const map = createBaseMap({
      container,
      styleUrl: latest.current.styleUrl,
      bounds: boundsOfPoints(latest.current.sites.map((s) => s.location)),
      addLayers: (m) => addLayers(m, latest.current.sites, latest.current.highlighted),
      onFailure: fail,
    });
    if (!map) {
      fail();
      return;
    }
    mapRef.current = map;
    map.on('idle', () => {
      if (!map.getLayer(PUBLIC_SITES_LAYER)) return;
      const ids = (layer: string) => new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => f.properties.id)).size;
      setRenderedCount(ids(PUBLIC_SITES_LAYER));
      setHighlightCount(ids(HIGHLIGHT_LAYER));
      setState('ready');
    });
    const onClick = (event: { features?: Array<{ properties: Record<string, unknown> }> }) => {
      const ids = new Set((event.features ?? []).map((feature) => feature.properties.id));
      openPopup(
        latest.current.sites.filter((site) => ids.has(site.id)),
        null,
      );
    };
    map.on('click', PUBLIC_SITES_LAYER, onClick);
    map.on('mouseenter', PUBLIC_SITES_LAYER, () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', PUBLIC_SITES_LAYER, () => {
      map.getCanvas().style.cursor = '';
    });
    return () => {
      popupRef.current?.remove();
      popupRef.current = null;
      mapRef.current = null;
      map.remove();
    };
  }, []);

  // New sites (a theme chosen) or new nearest points: redraw, then frame what matters.
  const highlightKey = highlighted.join(',');
  useEffect(() => {
    const map = mapRef.current;
    const source = map?.getSource<GeoJSONSource>('public-sites');
    if (!map || !source) return;
    const set = new Set(highlightKey ? highlightKey.split(',') : []);
    setState('loading');
    void source.setData(toFeatures(sites, set));
    const framed = set.size > 0 ? sites.filter((s) => set.has(s.id)) : sites;
    map.fitBounds(boundsOfPoints(framed.map((s) => s.location)), { padding: 48, maxZoom: set.size > 0 ? 11 : 12, animate: false });
  }, [sites, highlightKey]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !selection) return;
    const site = latest.current.sites.find((s) => s.id === selection.siteId);
    if (!site) return;
    containerRef.current?.scrollIntoView({ block: 'nearest' });
    map.jumpTo({ center: [site.location.lon, site.location.lat], zoom: Math.max(map.getZoom(), 11) });
    openPopup([site], selection.returnFocus);
  }, [selection]);

  return (
    <section
      className="site-map public-map__map"
      aria-label="Carte des lieux d’accueil"
      data-testid="public-map"
      data-map-state={state}
      data-site-count={renderedCount}
      data-highlight-count={highlightCount}
    >
      <div ref={containerRef} className="site-map__canvas" />
      <p className="visually-hidden" role="status" aria-live="polite">
        {state === 'ready' ? `Carte affichée : ${renderedCount} lieux.` : ''}
      </p>
    </section>
  );
}
