/** The coverage map, on the coverage and indicators pages, with the unconditional reception sites as points. */
import { lazy, useCallback, useMemo } from 'react';
import type { Coverage } from '../api/types';
import { useMapStyleUrl } from '../auth/auth-context';
import { useDirectory } from '../directory/directory-data';
import type { OutlineCollection } from './coverage-scale';
import { MapSlot } from './map-slot';

const CoverageMap = lazy(() => import('./coverage-map'));

/** The unconditional reception sites (the coverage's points), and the name of any site. */
export function useCoverageSites() {
  const { data } = useDirectory();
  const sites = useMemo(() => (data.status === 'ready' ? data.sites.filter((s) => s.unconditionalReception) : []), [data]);
  const siteName = useCallback(
    (id: string | null) => (id && data.status === 'ready' ? data.sites.find((s) => s.id === id)?.name : undefined),
    [data],
  );
  return { sites, siteName };
}

/** What the page gives the coverage map; the sites and the map's style come from here. */
interface CoverageMapSlotProps {
  coverage: Coverage;
  /** The communes' outlines; without them, each commune is a circle. */
  outlines: OutlineCollection | null;
  onUnavailable: () => void;
}

export function CoverageMapSlot(props: CoverageMapSlotProps) {
  const styleUrl = useMapStyleUrl();
  const { sites, siteName } = useCoverageSites();
  return (
    <MapSlot>
      <CoverageMap {...props} sites={sites} siteName={siteName} styleUrl={styleUrl} />
    </MapSlot>
  );
}
