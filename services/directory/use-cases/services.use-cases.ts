import type { Actor } from '../../../shared/auth/actor';
import type { DirectoryEntries, EntryDeps } from '../domain/directory.ports';
import { assertVersion, canEditOrganisation } from '../domain/directory.rules';
import {
  type CreateServiceInput,
  type PatchServiceInput,
  type Service,
  type ServiceView,
  withoutCleared,
} from '../domain/directory.schema';
import { verifiedAt } from '../domain/freshness';
import { serviceView } from '../domain/site-view';
import { directoryErrors } from '../errors';
import { ServiceChanged } from '../events/directory.events';
import type { WriteContext } from './organisations.use-cases';

export function serviceChanged(service: Service, change: 'created' | 'updated', ctx: { correlationId?: string }, now: Date) {
  return ServiceChanged.create(
    {
      serviceId: service.id,
      organisationId: service.organisationId,
      ...(service.siteId ? { siteId: service.siteId } : {}),
      change,
      version: service.version,
      themes: service.themes,
    },
    { correlationId: ctx.correlationId, now },
  );
}

/** A service's site must be one of its organisation's sites. */
export async function assertSiteOfOrganisation(repository: DirectoryEntries, siteId: string | undefined, organisationId: string) {
  if (!siteId) return;
  const site = await repository.getSite(siteId);
  if (!site || site.organisationId !== organisationId) {
    throw directoryErrors.error('service.site-of-other-organisation', {
      errors: [{ path: 'body.siteId', message: 'Ce lieu n’appartient pas à la structure du service' }],
    });
  }
}

/**
 * Describe a service an organisation offers (data·inclusion v1 service model).
 * Primary course: an editor of the organisation describes it → stored at version 1,
 * `ServiceChanged` announced in the same transaction.
 */
export function makeCreateService({ repository, clock, newId }: EntryDeps) {
  return {
    async execute(input: CreateServiceInput, actor: Actor, ctx: WriteContext): Promise<ServiceView> {
      if (!canEditOrganisation(actor, input.organisationId)) {
        throw directoryErrors.error('service.create-forbidden');
      }
      const org = await repository.getOrganisation(input.organisationId);
      if (!org)
        throw directoryErrors.error('organisation.unknown', { errors: [{ path: 'body.organisationId', message: 'Structure inconnue' }] });
      await assertSiteOfOrganisation(repository, input.siteId, input.organisationId);
      const now = clock.now();
      const service: Service = {
        id: newId(),
        ...input,
        ...verifiedAt(now, org.type),
        version: 1,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      repository.saveService(ctx.uow, service);
      repository.publish(ctx.uow, serviceChanged(service, 'created', ctx, now));
      return serviceView(service, now);
    },
  };
}

/** Change a service (same rules as sites: its organisation's editors, version checked). */
export function makeUpdateService({ repository, clock }: EntryDeps) {
  return {
    async execute(id: string, patch: PatchServiceInput, actor: Actor, ctx: WriteContext): Promise<ServiceView> {
      const current = await repository.getService(id);
      if (!current) throw directoryErrors.error('service.not-found');
      if (!canEditOrganisation(actor, current.organisationId)) {
        throw directoryErrors.error('service.edit-forbidden');
      }
      const { version, ...changes } = patch;
      assertVersion(current.version, version, 'service.version-conflict');
      await assertSiteOfOrganisation(repository, changes.siteId ?? undefined, current.organisationId);
      const now = clock.now();
      const org = await repository.getOrganisation(current.organisationId);
      // An edit by its editors vouches for the whole entry: verified now.
      const next = withoutCleared({
        ...current,
        ...changes,
        ...verifiedAt(now, org?.type),
        id: current.id,
        version: current.version + 1,
        updatedAt: now.toISOString(),
      }) as Service;
      repository.saveService(ctx.uow, next, current.version);
      repository.publish(ctx.uow, serviceChanged(next, 'updated', ctx, now));
      return serviceView(next, now);
    },
  };
}
