import { settings } from '../../../shared/config/settings';
import { directoryDeps } from './deps';
import { communeReference, travelTimes } from './geo-deps';

// Out of geo-deps.ts: the coverage takes the whole repository, a site's writers take the geocoder
// of geo-deps.ts with the entries' store alone (entry-deps.ts, docs/adr/0053).

/** The coverage's computation: the commune reference and the travel times, no geocoder, no catalogue. */
export const coverageDeps = () => {
  const s = settings();
  return {
    ...directoryDeps,
    communes: communeReference(),
    travel: travelTimes(),
    departement: s.RELAIS_DEPARTEMENT,
    thresholdMinutes: s.RELAIS_COVERAGE_THRESHOLD_MINUTES,
  };
};
