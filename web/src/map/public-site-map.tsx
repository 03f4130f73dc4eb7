/**
 * The public map's reception points, over the base map of map-base.ts. The points nearest to the
 * commune the visitor chose are drawn larger, in another colour and with a thick ring (not by
 * colour alone), and framed. Loaded lazily, like every map.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PublicSite } from '../api/types';
import { categoryLabel, formatDate, formatPhone, openingStatus, themeCategory } from '../labels';
import { serviceFacts } from '../public/public-services';
import { geoHref, osmDirectionsHref } from './directions';
import { addBasemap } from './basemap';
import { boundsOfPoints, createBaseMap } from './map-base';
import * as points from './point-map';

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

function siteCard(site: PublicSite): HTMLElement {
  const card = points.cardOf(site, site.organisationName);
  const status = openingStatus(site);
  if (status) card.append(points.element('p', site.openNow ? 'map-popup__open' : 'map-popup__closed', status));
  points.appendHours(card, site.openingHours);
  if (site.phone) {
    const phone = points.element('a', '', `Tél. ${formatPhone(site.phone)}`) as HTMLAnchorElement;
    phone.href = `tel:${site.phone}`;
    const line = points.element('p', '');
    line.append(phone);
    card.append(line);
  }
  const directions = points.element('p', '');
  const osm = points.element('a', '', 'Itinéraire (OpenStreetMap)') as HTMLAnchorElement;
  osm.href = osmDirectionsHref(site);
  osm.target = '_blank';
  osm.rel = 'noopener noreferrer';
  const geo = points.element('a', '', 'Application de cartes') as HTMLAnchorElement;
  geo.href = geoHref(site);
  directions.append(osm, ' · ', geo);
  card.append(directions);
  card.append(points.element('p', '', `Accessibilité : ${site.accessibility || 'non renseignée'}`));
  const categories = [...new Set(site.themes.map(themeCategory))].map(categoryLabel).sort((a, b) => a.localeCompare(b, 'fr'));
  if (categories.length > 0) card.append(points.element('p', '', `Thématiques : ${categories.join(', ')}`));
  if (site.services.length > 0) {
    card.append(points.element('p', 'map-popup__label', site.services.length > 1 ? `Services (${site.services.length}) :` : 'Service :'));
    const list = points.element('ul', 'map-popup__services');
    list.dataset.testid = 'popup-services';
    for (const service of site.services) {
      const item = points.element('li', '');
      item.append(
        points.element('span', 'map-popup__service-name', service.name),
        ` — ${service.summary}`,
        points.element('span', 'map-popup__service-facts', serviceFacts(service)),
      );
      list.append(item);
    }
    card.append(list);
  }
  card.append(points.element('p', 'map-popup__updated', `Mis à jour le ${formatDate(site.lastVerifiedAt.slice(0, 10))}`));
  if (site.toVerify) card.append(points.element('p', 'map-popup__closed', 'Information à vérifier'));
  return card;
}

export type PublicSelection = points.PointSelection;

interface Props {
  sites: readonly PublicSite[];
  /** Ids of the points nearest to the chosen commune, to draw apart and frame. */
  highlighted: readonly string[];
  selection: PublicSelection | null;
  styleUrl?: string;
  onUnavailable: () => void;
  /** Told before the first paint of the map's frame, so that the page drops its preview in the same frame (ADR 0050). */
  onShown?: () => void;
}

const FRAME = { className: 'site-map public-map__map', 'aria-label': 'Carte des lieux d’accueil', 'data-testid': 'public-map' };

export default function PublicSiteMap({ sites, highlighted, selection, styleUrl, onUnavailable, onShown }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const latest = useRef({ sites, highlighted: new Set(highlighted), styleUrl, onUnavailable });
  latest.current = { sites, highlighted: new Set(highlighted), styleUrl, onUnavailable };
  const [state, setState] = useState<points.MapState>('loading');
  const [renderedCount, setRenderedCount] = useState(0);
  const [highlightCount, setHighlightCount] = useState(0);
  const [basemapReady, setBasemapReady] = useState(false);

  const shown = useRef(onShown);
  useLayoutEffect(() => shown.current?.(), []);

  const popup = points.usePointPopup<PublicSite>(mapRef, '300px', siteCard);
  const openPopup = popup.open;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const fail = points.mapFailed(setState, () => latest.current.onUnavailable());
    const map = createBaseMap({
      container,
      styleUrl: latest.current.styleUrl,
      bounds: boundsOfPoints(latest.current.sites.map((s) => s.location)),
      addLayers: (m, base) => {
        // Locally (no tile style), the commune outlines and names under the points.
        if (base === 'local') addBasemap(m, () => setBasemapReady(true));
        addLayers(m, latest.current.sites, latest.current.highlighted);
      },
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
    points.onPointsClicked(map, PUBLIC_SITES_LAYER, (ids) =>
      openPopup(
        latest.current.sites.filter((site) => ids.has(site.id)),
        null,
      ),
    );
    return () => {
      popup.close();
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

  points.useSelectionJump(mapRef, containerRef, selection, (id) => latest.current.sites.find((s) => s.id === id), openPopup);

  return (
    <points.MapFrame
      {...{ containerRef, state }}
      {...FRAME}
      drawn={`${renderedCount} lieux`}
      data-site-count={renderedCount}
      data-highlight-count={highlightCount}
      data-basemap={basemapReady ? 'communes' : 'none'}
    />
  );
}
