import { type Actor, hasRole } from '../../../shared/auth/actor';
import { NotFoundError, ServiceUnavailableError } from '../../../shared/errors/errors';
import type { EntryDeps, HoursPlanner } from '../domain/directory.ports';
import { assertVersion, canEditOrganisation } from '../domain/directory.rules';
import {
  type CreateSiteInput,
  type PatchSiteInput,
  type Publication,
  type Site,
  type SiteView,
  withoutCleared,
} from '../domain/directory.schema';
import { verifiedAt } from '../domain/freshness';
import { publicationOf, siteView } from '../domain/site-view';
import { directoryErrors } from '../errors';
import { SiteChanged } from '../events/directory.events';
import type { Geocoder } from '../geo/geocoder';
import type { WriteContext } from './organisations.use-cases';

export interface SiteWriteDeps extends EntryDeps {
  geocoder: Geocoder;
  planHours: HoursPlanner;
}

/** The event announcing a site's creation or change (also used by the demo seed and the import). */
export function siteChanged(site: Site, change: 'created' | 'updated', ctx: { correlationId?: string }, now: Date) {
  return SiteChanged.create(
    {
      siteId: site.id,
      organisationId: site.organisationId,
      name: site.name,
      change,
      version: site.version,
      communeCode: site.communeCode,
      location: site.location,
      unconditionalReception: site.unconditionalReception,
      themes: site.themes,
      // On the map only once approved (the State indicator counts what the public sees).
      onPublicMap: site.onPublicMap && publicationOf(site) === 'approved',
      publication: publicationOf(site),
      address: site.address,
      ...(site.postalCode ? { postalCode: site.postalCode } : {}),
      ...(site.phone ? { phone: site.phone } : {}),
      openingHours: site.openingHours,
    },
    { correlationId: ctx.correlationId, now },
  );
}

type Placed = Pick<Site, 'location' | 'locationSource'>;

const moderates = (actor: Actor) => hasRole(actor, 'pilote', 'admin');

/**
 * Moderation (DOMAIN, issue 16): what the coordination writes is approved; a site a partner
 * creates or makes public waits for the coordinator (`pending`), and so does a refused one the
 * partner sends again. Other edits keep the decision.
 */
export function publicationAfterWrite(actor: Actor, next: Pick<Site, 'onPublicMap'>, current?: Site): Publication {
  if (moderates(actor)) return current ? publicationOf(current) : 'approved';
  if (!current) return next.onPublicMap ? 'pending' : 'approved';
  const madePublic = next.onPublicMap && !current.onPublicMap;
  const resent = next.onPublicMap && publicationOf(current) === 'rejected';
  return madePublic || resent ? 'pending' : publicationOf(current);
}

/** Coordinates given by the editor win; otherwise the address is geocoded (the commune's centre at worst). */
export async function placeSite(
  geocoder: Geocoder,
  input: { address: string; communeCode: string; postalCode?: string; location?: Site['location'] },
): Promise<Placed> {
  if (input.location) return { location: input.location, locationSource: 'provided' };
  let found: Awaited<ReturnType<Geocoder['geocode']>>;
  try {
    found = await geocoder.geocode({ address: input.address, communeCode: input.communeCode, postalCode: input.postalCode });
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw directoryErrors.error('site.unknown-commune', { errors: [{ path: 'body.communeCode', message: 'Commune inconnue' }] });
    }
    if (!(error instanceof ServiceUnavailableError)) throw error;
    // Nothing can place the address right now: the editor can still type the coordinates.
    throw directoryErrors.error('site.location-not-found', {
      errors: [{ path: 'body.location', message: 'Position introuvable : indiquez la longitude et la latitude' }],
    });
  }
  return { location: found.location, locationSource: found.source === 'amazon-location' ? 'amazon-location' : 'commune-centre' };
}

/**
 * Create a reception site.
 * Primary course: an editor of the organisation describes the place → without coordinates it
 * is geocoded; its opening hours are laid out; it is stored at version 1 and `SiteChanged` is
 * announced in the same transaction.
 */
export function makeCreateSite(deps: SiteWriteDeps) {
  const { repository, clock, newId, geocoder, planHours } = deps;
  return {
    async execute(input: CreateSiteInput, actor: Actor, ctx: WriteContext): Promise<SiteView> {
      if (!canEditOrganisation(actor, input.organisationId)) {
        throw directoryErrors.error('site.create-forbidden');
      }
      const org = await repository.getOrganisation(input.organisationId);
      if (!org)
        throw directoryErrors.error('organisation.unknown', { errors: [{ path: 'body.organisationId', message: 'Structure inconnue' }] });
      const now = clock.now();
      const placed = await placeSite(geocoder, input);
      const site: Site = {
        id: newId(),
        ...input,
        ...placed,
        publication: publicationAfterWrite(actor, input),
        ...verifiedAt(now, org.type),
        version: 1,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      const hours = planHours(site.openingHours, now);
      repository.saveSite(ctx.uow, site, hours);
      repository.publish(ctx.uow, siteChanged(site, 'created', ctx, now));
      return siteView({ ...site, openIntervals: hours }, now);
    },
  };
}

/**
 * Change a reception site.
 * Primary course: an editor sends the fields to change with the version they read → the site
 * is replaced at the next version and `SiteChanged` announced. A stale version is a 409. A new
 * address without coordinates moves a geocoded site; coordinates typed by an editor stay.
 */
export function makeUpdateSite(deps: SiteWriteDeps) {
  const { repository, clock, geocoder, planHours } = deps;
  return {
    async execute(id: string, patch: PatchSiteInput, actor: Actor, ctx: WriteContext): Promise<SiteView> {
      const current = await repository.getSite(id);
      if (!current) throw directoryErrors.error('site.not-found');
      if (!canEditOrganisation(actor, current.organisationId)) {
        throw directoryErrors.error('site.edit-forbidden');
      }
      const { version, ...changes } = patch;
      assertVersion(current.version, version, 'site.version-conflict');
      const now = clock.now();
      const org = await repository.getOrganisation(current.organisationId);
      const { openIntervals: _previous, ...stored } = current;
      // An edit by its editors vouches for the whole entry: verified now.
      let next = withoutCleared({
        ...stored,
        ...changes,
        ...verifiedAt(now, org?.type),
        id: current.id,
        version: current.version + 1,
        updatedAt: now.toISOString(),
      }) as Site;
      const publication = publicationAfterWrite(actor, next, stored);
      next = { ...next, publication };
      if (publication === 'pending') delete next.rejectionReason;
      const moved = changes.address !== undefined || changes.communeCode !== undefined;
      if (changes.location) next = { ...next, locationSource: 'provided' };
      else if (moved && current.locationSource !== 'provided')
        next = { ...next, ...(await placeSite(geocoder, { ...next, location: undefined })) };
      const hours = planHours(next.openingHours, now);
      repository.saveSite(ctx.uow, next, hours, current.version);
      repository.publish(ctx.uow, siteChanged(next, 'updated', ctx, now));
      return siteView({ ...next, openIntervals: hours }, now);
    },
  };
}

/**
 * Approve or refuse a site's publication on the public map (the coordination only, checked by
 * the route's gate).
 * Primary course: the coordinator reads a pending site and approves it → it is stored at the
 * next version as `approved` and `SiteChanged` announced (the map shows it). Refused: `rejected`
 * with the reason the partner reads; the site stays in the directory. An unknown site is a 404.
 */
export function makeModerateSite(deps: EntryDeps) {
  const { repository, clock } = deps;
  return {
    async execute(id: string, decision: { approve: true } | { approve: false; reason: string }, ctx: WriteContext): Promise<SiteView> {
      const current = await repository.getSite(id);
      if (!current) throw directoryErrors.error('site.not-found');
      const now = clock.now();
      const { openIntervals, rejectionReason: _previous, ...stored } = current;
      const next: Site = {
        ...stored,
        publication: decision.approve ? 'approved' : 'rejected',
        ...(decision.approve ? {} : { rejectionReason: decision.reason }),
        version: current.version + 1,
        updatedAt: now.toISOString(),
      };
      repository.saveSite(ctx.uow, next, openIntervals, current.version);
      repository.publish(ctx.uow, siteChanged(next, 'updated', ctx, now));
      return siteView({ ...next, openIntervals }, now);
    },
  };
}
