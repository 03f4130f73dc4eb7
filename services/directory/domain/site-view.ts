import type { SiteRecord } from './directory.ports';
import type { Organisation, PublicService, PublicSite, SiteView } from './directory.schema';
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

const SUMMARY_MAX = 200;

/** A description's first sentence, cut at a word before 200 characters when longer (« … »). */
export function summaryOf(description: string): string {
  const text = description.replace(/\s+/g, ' ').trim();
  const sentence = /^.+?[.!?…](?=\s|$)/u.exec(text)?.[0] ?? text;
  if (sentence.length <= SUMMARY_MAX) return sentence;
  const cut = sentence.slice(0, SUMMARY_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > SUMMARY_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/u, '')}…`;
}

/** The public facts of a service: what it is, for whom, how it receives, free or not. */
export function publicService(service: Service): PublicService {
  return {
    id: service.id,
    name: service.name,
    summary: summaryOf(service.description),
    ...(service.fees ? { fees: service.fees } : {}),
    receptionModes: service.receptionModes,
    publics: service.publics,
  };
}

/**
 * The services given at a public site: those at this site, and those of its organisation that
 * name no site (given at all its sites or remotely). A service naming another site is never
 * shown here, so a service of a site off the map stays off it.
 */
export function servicesAt(site: Pick<SiteRecord, 'id' | 'organisationId'>, services: readonly Service[]): PublicService[] {
  return services
    .filter((s) => (s.siteId ? s.siteId === site.id : s.organisationId === site.organisationId))
    .map(publicService)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The public facts of a place: nothing about people, no internal ids beyond the site's and its services'. */
export function publicSite(
  record: SiteRecord,
  organisation: Pick<Organisation, 'name'> | undefined,
  now: Date,
  services: readonly Service[] = [],
): PublicSite {
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
    services: servicesAt(record, services),
  };
}
