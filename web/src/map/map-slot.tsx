/**
 * Where a map stands on a page: its code (MapLibre, ~1 MB) loads only there, « Chargement de la
 * carte… » meanwhile (or the page's own `fallback`, e.g. a box of the map's size), and a notice
 * instead when it cannot be drawn.
 */
import type { ReactNode } from 'react';
import { Suspense } from 'react';
import { ErrorBoundary, Loading, MapUnavailable } from '../components/status';

export function MapSlot({ children, fallback }: { children: ReactNode; fallback?: ReactNode }) {
  return (
    <ErrorBoundary fallback={<MapUnavailable />}>
      <Suspense fallback={fallback ?? <Loading>Chargement de la carte…</Loading>}>{children}</Suspense>
    </ErrorBoundary>
  );
}
