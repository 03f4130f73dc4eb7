import type { Actor } from '../../../shared/auth/actor';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../shared/errors/errors';
import type { DirectoryDeps } from '../domain/directory.ports';
import { assertVersion, canEditOrganisation } from '../domain/directory.rules';
import type { CreateSiteInput, PatchSiteInput, Site } from '../domain/directory.schema';
import { SiteChanged } from '../events/directory.events';
import type { WriteContext } from './organisations.use-cases';

/** The event announcing a site's creation or change (also used by the demo seed). */
export function siteChanged(site: Site, change: 'created' | 'updated', ctx: { correlationId?: string }, now: Date) {
  return SiteChanged.create(
    {
      siteId: site.id,
      organisationId: site.organisationId,
      change,
      version: site.version,
      communeCode: site.communeCode,
      location: site.location,
      unconditionalReception: site.unconditionalReception,
      themes: site.themes,
    },
    { correlationId: ctx.correlationId, now },
  );
}

/**
 * Create a reception site.
 * Primary course: an editor of the organisation describes the place → it is stored at
 * version 1 and `SiteChanged` is announced in the same transaction.
 */
export function makeCreateSite({ repository, clock, newId }: DirectoryDeps) {
  return {
    async execute(input: CreateSiteInput, actor: Actor, ctx: WriteContext): Promise<Site> {
      if (!canEditOrganisation(actor, input.organisationId)) {
        throw new ForbiddenError('Vous ne pouvez créer des lieux que pour votre structure.');
      }
      const org = await repository.getOrganisation(input.organisationId);
      if (!org) throw new ValidationError([{ path: 'body.organisationId', message: 'Structure inconnue' }]);
      const now = clock.now();
      const site: Site = { id: newId(), ...input, version: 1, createdAt: now.toISOString(), updatedAt: now.toISOString() };
      repository.saveSite(ctx.uow, site);
      repository.publish(ctx.uow, siteChanged(site, 'created', ctx, now));
      return site;
    },
  };
}

/**
 * Change a reception site.
 * Primary course: an editor sends the fields to change with the version they read → the site
 * is replaced at the next version and `SiteChanged` announced. A stale version is a 409.
 */
export function makeUpdateSite({ repository, clock }: DirectoryDeps) {
  return {
    async execute(id: string, patch: PatchSiteInput, actor: Actor, ctx: WriteContext): Promise<Site> {
      const current = await repository.getSite(id);
      if (!current) throw new NotFoundError('Ce lieu d’accueil n’existe pas.');
      if (!canEditOrganisation(actor, current.organisationId)) {
        throw new ForbiddenError('Vous ne pouvez modifier que les lieux de votre structure.');
      }
      const { version, ...changes } = patch;
      assertVersion(current.version, version, 'Ce lieu a été modifié entre-temps : rechargez-le puis recommencez.');
      const now = clock.now();
      const next: Site = { ...current, ...changes, id: current.id, version: current.version + 1, updatedAt: now.toISOString() };
      repository.saveSite(ctx.uow, next, current.version);
      repository.publish(ctx.uow, siteChanged(next, 'updated', ctx, now));
      return next;
    },
  };
}
