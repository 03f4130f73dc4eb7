import type { SiteRecord } from './directory.ports';
import type { Organisation, PublicSite, SiteView } from './directory.schema';
import { openState } from './opening-hours';

/** A site as answered: what is stored, with "open now" and the next opening at `now`. */
export function siteView(record: SiteRecord, now: Date): SiteView {
  const { openIntervals, ...site } = record;
  return { ...site, publication: publicationOf(site), ...openState(openIntervals, now) };
}

/** Entries written before moderation were shown on the map: approved. */
export const publicationOf = (site: Pick<SiteRecord, 'publication'>) => site.publication ?? 'approved';

/** Shown on the public map: unconditional reception points that agreed to be shown, approved by the coordinator. */
export const isPublic = (site: SiteRecord): boolean =>
  site.unconditionalReception && site.onPublicMap && publicationOf(site) === 'approved';

/** The public facts of a place: nothing about people, no internal ids beyond the site's. */
export function publicSite(record: SiteRecord, organisation: Pick<Organisation, 'name'> | undefined, now: Date): PublicSite {
  const { openNow, nextOpening } = openState(record.openIntervals, now);
  return {
    id: record.id,
    name: record.name,
    organisationName: organisation?.name ?? '',
    address: record.address,
    communeCode: record.communeCode,
    location: record.location,
    openingHours: record.openingHours,
    openNow,
    nextOpening,
    themes: record.themes,
    accessibility: record.accessibility,
    ...(record.phone ? { phone: record.phone } : {}),
    ...(record.email ? { email: record.email } : {}),
  };
}
