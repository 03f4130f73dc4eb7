/**
 * What the maps of points share (the signed-in map of the sites, the public map, the coverage
 * map's frame): the popup of the points under a click, the cursor over a layer, the jump to a
 * point chosen in the list beside the map, and the map's frame with its spoken status.
 */
import type { Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import { Popup } from 'maplibre-gl';
import { type ReactNode, type RefObject, useEffect, useRef } from 'react';
import { formatOpeningHours } from '../labels';

export type MapState = 'loading' | 'ready' | 'error';

/** What a map does when it cannot be drawn: say so, and tell the page (which shows the list instead). */
export const mapFailed = (setState: (state: MapState) => void, tell: () => void) => () => {
  setState('error');
  tell();
};

/** A point of a map, with its id in the features' properties. */
interface Point {
  id: string;
  location: { lon: number; lat: number };
}

/** A point chosen in the list beside the map. */
export interface PointSelection {
  siteId: string;
  /** Changes on each request, so that choosing the same site twice opens it again. */
  nonce: number;
  /** Where the focus goes back when the site's popup closes. */
  returnFocus: HTMLElement | null;
}

export const element = (tag: string, className: string, text?: string): HTMLElement => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

/** The start of a site's card in a popup: its name, organisation and address. */
export function cardOf(site: { name: string; address: string }, organisationName: string): HTMLElement {
  const card = element('div', 'map-popup__site');
  card.append(element('p', 'map-popup__title', site.name), element('p', 'map-popup__org', organisationName));
  card.append(element('p', 'map-popup__address', site.address));
  return card;
}

/** Its opening hours, a line each, when it has some. */
export function appendHours(card: HTMLElement, openingHours: Parameters<typeof formatOpeningHours>[0]): void {
  const hours = formatOpeningHours(openingHours);
  if (hours.length === 0) return;
  const list = element('ul', 'map-popup__hours');
  for (const line of hours) list.append(element('li', '', line));
  card.append(list);
}

/** One card per site: sites a few hundred metres apart share a point at the département's scale. */
function popupContent<T>(sites: readonly T[], card: (site: T) => HTMLElement): HTMLElement {
  const root = element('div', 'map-popup');
  if (sites.length > 1) {
    const title = `${sites.length} lieux à cet endroit`;
    root.append(element('p', 'map-popup__count', title));
    // The list may scroll: it must then be reachable and named for keyboard users.
    root.tabIndex = 0;
    root.setAttribute('role', 'region');
    root.setAttribute('aria-label', title);
  }
  for (const site of sites) root.append(card(site));
  return root;
}

/**
 * The popup of the points at one place (one at a time), the focus back where it was when it
 * closes; `points` reads the points now drawn, `card` draws one.
 */
export function usePointPopup<T extends Point>(
  mapRef: RefObject<MapLibreMap | null>,
  maxWidth: string,
  card: (site: T) => HTMLElement,
): { open: (here: readonly T[], returnFocus: HTMLElement | null) => void; close: () => void } {
  const popupRef = useRef<Popup | null>(null);
  const cardRef = useRef(card);
  cardRef.current = card;
  const open = (here: readonly T[], returnFocus: HTMLElement | null) => {
    const map = mapRef.current;
    const first = here[0];
    if (!map || !first) return;
    popupRef.current?.remove();
    const popup = new Popup({ closeButton: true, focusAfterOpen: true, maxWidth, offset: 12 })
      .setLngLat([first.location.lon, first.location.lat])
      .setDOMContent(popupContent(here, cardRef.current));
    popup.on('close', () => {
      if (popupRef.current === popup) popupRef.current = null;
      if (returnFocus?.isConnected) returnFocus.focus();
    });
    popupRef.current = popup;
    popup.addTo(map);
  };
  const close = () => {
    popupRef.current?.remove();
    popupRef.current = null;
  };
  return { open, close };
}

/** A click on a layer's points opens theirs; the cursor says they can be clicked. */
export function onPointsClicked(map: MapLibreMap, layer: string, clicked: (ids: ReadonlySet<unknown>) => void): void {
  map.on('click', layer, (event: MapLayerMouseEvent) => clicked(new Set((event.features ?? []).map((feature) => feature.properties.id))));
  map.on('mouseenter', layer, () => {
    map.getCanvas().style.cursor = 'pointer';
  });
  map.on('mouseleave', layer, () => {
    map.getCanvas().style.cursor = '';
  });
}

/** A point chosen in the list: the map comes into view, centres it and opens its popup. */
export function useSelectionJump<T extends Point>(
  mapRef: RefObject<MapLibreMap | null>,
  containerRef: RefObject<HTMLDivElement | null>,
  selection: PointSelection | null,
  find: (id: string) => T | undefined,
  open: (here: readonly T[], returnFocus: HTMLElement | null) => void,
): void {
  const latest = useRef({ mapRef, containerRef, find, open });
  latest.current = { mapRef, containerRef, find, open };
  useEffect(() => {
    const { mapRef, containerRef, find, open } = latest.current;
    const map = mapRef.current;
    if (!map || !selection) return;
    const site = find(selection.siteId);
    if (!site) return;
    containerRef.current?.scrollIntoView({ block: 'nearest' });
    map.jumpTo({ center: [site.location.lon, site.location.lat], zoom: Math.max(map.getZoom(), 11) });
    open([site], selection.returnFocus);
  }, [selection]);
}

/** The map's frame: its canvas, and what a screen reader hears once it is drawn. */
export function MapFrame({
  containerRef,
  state,
  drawn,
  notice,
  ...attributes
}: {
  containerRef: RefObject<HTMLDivElement | null>;
  state: MapState;
  /** « 12 lieux », « 340 communes »: what the map shows once drawn. */
  drawn: string;
  notice?: ReactNode;
  className: string;
  'aria-label': string;
  'data-testid': string;
} & { [data: `data-${string}`]: string | number }) {
  return (
    <section {...attributes} data-map-state={state}>
      {notice}
      <div ref={containerRef} className="site-map__canvas" />
      <p className="visually-hidden" role="status" aria-live="polite">
        {state === 'ready' ? `Carte affichée : ${drawn}.` : ''}
      </p>
    </section>
  );
}
