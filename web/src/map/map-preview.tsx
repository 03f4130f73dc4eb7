/**
 * The public map's static preview (ADR 0050): what `/carte` draws at once in the map's box,
 * without MapLibre — the département's commune outlines and main towns (from the base map the
 * interactive map uses too, ADR 0043), and the places, framed as MapLibre frames them (Web
 * Mercator, the same padding and maximum zoom), so that nothing jumps when the interactive map
 * takes its place. A few hundred SVG paths, no WebGL, no worker: the page is usable at once.
 *
 * The interactive map (~1 MB of MapLibre) is loaded when the visitor engages with the map — the
 * « Carte interactive » button (clicked or reached with Tab), a click, a wheel or a touch on the
 * preview, a « Voir sur la carte » in the list — or by itself once the browser has been idle
 * long after the list was shown. A click on a place of the preview opens that place's popup on
 * the interactive map. The preview itself is hidden from screen readers: the list beside it
 * says everything the map says, and the button is the keyboard's way to the interactive map.
 */
import { type PointerEvent as ReactPointerEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Loading } from '../components/status';
import type { BasemapCollection } from './basemap-data';
import { fitProjection, LABEL_OFFSET, mainTownLabels, outlinesPath } from './preview-geometry';

export interface PreviewPoint {
  id: string;
  location: { lon: number; lat: number };
}

interface Props {
  points: readonly PreviewPoint[];
  /** Ids of the points drawn apart (nearest to the commune chosen, or to the visitor). */
  highlighted: readonly string[];
  basemap: BasemapCollection | null;
  /** The interactive map has been asked for and is on its way. */
  loading: boolean;
  /** The visitor engages with the map; `siteId` when a place was clicked. */
  onEngage: (siteId?: string) => void;
  /** The preview goes away (the interactive map is there) while the focus is in it: the page moves the focus to the map. */
  onLeftWithFocus: () => void;
}

/** The map's background and colours, as map-base.ts and basemap.ts draw them. */
const BACKGROUND = '#eef1f8';
/** MapLibre's framing (public-site-map.tsx, map-base.ts): padding and maximum zoom. */
const FRAME_ALL = { padding: 40, maxZoom: 12 };
const FRAME_HIGHLIGHTED = { padding: 48, maxZoom: 11 };
/** A click this close to a place (in pixels) is a click on it. */
const HIT_RADIUS = 12;

/** The box's size in pixels, followed as it changes (0 × 0 before the first layout). */
function useBoxSize(ref: React.RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      setSize((current) =>
        Math.round(current.width) === Math.round(width) && Math.round(current.height) === Math.round(height)
          ? current
          : { width: Math.round(width), height: Math.round(height) },
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

export function MapPreview({ points, highlighted, basemap, loading, onEngage, onLeftWithFocus }: Props) {
  const boxRef = useRef<HTMLDivElement>(null);
  const leftWithFocus = useRef(onLeftWithFocus);
  leftWithFocus.current = onLeftWithFocus;
  // A layout effect's cleanup runs before its elements leave the page: the focus can still be read there.
  useLayoutEffect(() => {
    const box = boxRef.current;
    return () => {
      if (box?.contains(document.activeElement)) leftWithFocus.current();
    };
  }, []);
  const { width, height } = useBoxSize(boxRef);
  const highlightSet = useMemo(() => new Set(highlighted), [highlighted]);

  const drawing = useMemo(() => {
    if (width === 0 || height === 0) return null;
    const framed = highlightSet.size > 0 ? points.filter((p) => highlightSet.has(p.id)) : points;
    const projection = fitProjection(
      framed.map((p) => p.location),
      width,
      height,
      highlightSet.size > 0 ? FRAME_HIGHLIGHTED : FRAME_ALL,
    );
    // MapLibre's radii (public-site-map.tsx): 6 px at zoom 6 to 10 px at zoom 12, the nearest 10 to 15.
    const along = Math.max(0, Math.min(1, (projection.zoom - 6) / 6));
    return {
      outlines: basemap ? outlinesPath(basemap, projection.project) : '',
      labels: basemap ? mainTownLabels(basemap, projection.project, width, height) : [],
      points: points.map((p) => {
        const [x, y] = projection.project(p.location.lon, p.location.lat);
        return { id: p.id, x, y, nearest: highlightSet.has(p.id) };
      }),
      radius: 6 + 4 * along,
      nearestRadius: 10 + 5 * along,
    };
  }, [points, highlightSet, basemap, width, height]);

  /** A press on the preview: the interactive map, with the place under the pointer if any. */
  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if ((event.target as Element).closest('button')) return;
    const box = boxRef.current?.getBoundingClientRect();
    let hit: string | undefined;
    if (box && drawing) {
      const [x, y] = [event.clientX - box.left, event.clientY - box.top];
      let best = HIT_RADIUS ** 2;
      for (const point of drawing.points) {
        const distance = (point.x - x) ** 2 + (point.y - y) ** 2;
        if (distance <= best) {
          best = distance;
          hit = point.id;
        }
      }
    }
    onEngage(hit);
  };

  return (
    <div className="site-map public-map__map" data-testid="public-map-preview">
      {/* A pointer's shortcut to the interactive map; the button below is the way for everyone. */}
      <div
        ref={boxRef}
        className="site-map__canvas public-map__preview"
        style={{ background: BACKGROUND }}
        onPointerDown={onPointerDown}
        onWheel={() => onEngage()}
        onTouchStart={() => onEngage()}
      >
        {drawing ? (
          <svg
            className="public-map__preview-drawing"
            width={width}
            height={height}
            viewBox={`0 0 ${width} ${height}`}
            aria-hidden="true"
            focusable="false"
            data-point-count={drawing.points.length}
          >
            {drawing.outlines ? (
              <path d={drawing.outlines} fill="#ffffff" fillOpacity={0.85} stroke="#9a9ab8" strokeWidth={0.75} fillRule="evenodd" />
            ) : null}
            {drawing.points
              .filter((p) => !p.nearest)
              .map((p) => (
                <circle
                  key={p.id}
                  data-site-id={p.id}
                  cx={p.x.toFixed(1)}
                  cy={p.y.toFixed(1)}
                  r={drawing.radius}
                  fill="#000091"
                  stroke="#ffffff"
                  strokeWidth={2}
                />
              ))}
            {drawing.points
              .filter((p) => p.nearest)
              .map((p) => (
                <circle
                  key={p.id}
                  data-site-id={p.id}
                  cx={p.x.toFixed(1)}
                  cy={p.y.toFixed(1)}
                  r={drawing.nearestRadius}
                  fill="#e1000f"
                  stroke="#161616"
                  strokeWidth={4}
                />
              ))}
            {drawing.labels.map((label) => (
              <text
                key={label.code}
                className="public-map__preview-label"
                x={label.x.toFixed(1)}
                y={(label.y + LABEL_OFFSET + 15).toFixed(1)}
                textAnchor="middle"
              >
                {label.name}
              </text>
            ))}
          </svg>
        ) : null}
        <div className="public-map__engage">
          <button type="button" className="button button--secondary" onClick={() => onEngage()} onFocus={() => onEngage()}>
            Carte interactive
          </button>
          {loading ? <Loading>Chargement de la carte interactive…</Loading> : null}
        </div>
      </div>
    </div>
  );
}
