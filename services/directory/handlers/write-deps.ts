// Loads our reader of OSM opening hours and installs its syntax check into the schemas: only the
// handlers that write hours import this file (see domain/opening-hours.ts, ADR 0058).
import '../../../shared/validation/phone.check';
import { openIntervals } from '../domain/opening-hours.check';
import type { SiteWriteDeps } from '../use-cases/sites.use-cases';
import { entryDeps } from './entry-deps';
import { geocoder } from './geo-deps';

export const siteWriteDeps = (): SiteWriteDeps => ({ ...entryDeps, geocoder: geocoder(), planHours: openIntervals });
