/**
 * Where a map stands on a page: its code (MapLibre, ~1 MB) loads only there, « Chargement de la
 * carte… » meanwhile, and a notice instead when it cannot be drawn.
 */
import type { ReactNode } from 'react';
import { Suspense } from 'react';
import { ErrorBoundary, Loading, MapUnavailable } from '../components/status';

export function MapSlot({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary fallback={<MapUnavailable />}>
      <Suspense fallback={<Loading>Chargement de la carte…</Loading>}>{children}</Suspense>
    </ErrorBoundary>
  );
}
