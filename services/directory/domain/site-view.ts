import type { SiteRecord } from './directory.ports';
import type { Organisation, PublicSite, SiteView } from './directory.schema';
import { freshnessOf, serviceQuality, siteQuality } from './freshness';
import { openState } from './opening-hours';
import type { Service, ServiceView } from './directory.schema';

/** A site as answered: what is stored, with "open now" and the next opening at `now`. */
export function siteView(record: SiteRecord, now: Date): SiteView {
  const { openIntervals, ...site } = record;
  const { due: _due, ...freshness } = freshnessOf(site, now);
  return {
    ...site,
    publication: publicationOf(site),
    ...freshness,
    quality: siteQuality(site, freshnessOf(site, now)),
    ...openState(openIntervals, now),
  };
}

/** A service as answered: what is stored, its freshness and quality at `now`. */
export function serviceView(service: Service, now: Date): ServiceView {
  const freshness = freshnessOf(service, now);
  const { due: _due, ...shown } = freshness;
  return { ...service, ...shown, quality: serviceQuality(service, freshness) };
}

/** Entries written before moderation were shown on the map: approved. */
export const publicationOf = (site: Pick<SiteRecord, 'publication'>) => site.publication ?? 'approved';

/** Shown on the public map: unconditional reception points that agreed to be shown, approved by the coordinator. */
export const isPublic = (site: SiteRecord): boolean =>
  site.unconditionalReception && site.onPublicMap && !site.closedAt && publicationOf(site) === 'approved';

/** The public facts of a place: nothing about people, no internal ids beyond the site's. */
export function publicSite(record: SiteRecord, organisation: Pick<Organisation, 'name'> | undefined, now: Date): PublicSite {
  const { openNow, nextOpening, closesAt } = openState(record.openIntervals, now);
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
    closesAt,
    themes: record.themes,
    accessibility: record.accessibility,
    ...(record.phone ? { phone: record.phone } : {}),
    ...(record.email ? { email: record.email } : {}),
    lastVerifiedAt: freshnessOf(record, now).lastVerifiedAt,
    toVerify: freshnessOf(record, now).toVerify,
  };
}
