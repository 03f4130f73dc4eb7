// Loads the OSM opening_hours library and installs its syntax check into the schemas: only the
// handlers that write hours import this file (the library is heavy; see domain/opening-hours.ts).
import '../../../shared/validation/phone.check';
import { openIntervals } from '../domain/opening-hours.check';
import type { SiteWriteDeps } from '../use-cases/sites.use-cases';
import { directoryDeps } from './deps';
import { geocoder } from './geo-deps';

export const siteWriteDeps = (): SiteWriteDeps => ({ ...directoryDeps, geocoder: geocoder(), planHours: openIntervals });
