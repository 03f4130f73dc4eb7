import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { OrganisationChanged, ServiceChanged, SiteChanged } from '../../directory/events/directory.events';
import type { IntakeDeps } from '../domain/intake.ports';

/**
 * Keep what intake needs of the directory (ARCHITECTURE: no service reads another's table).
 * Primary course: the directory announces an organisation, a site or a service → intake keeps
 * its own small copy (organisation: name when the event carries it, kind, network membership;
 * site and service: their organisation) → only a newer version replaces an older one, so
 * redelivered or reordered events change nothing.
 */
export function makeApplyDirectoryEvent(deps: Pick<IntakeDeps, 'repository'>) {
  const { repository } = deps;
  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<'applied' | 'stale' | 'ignored'> {
      switch (event.detailType) {
        case OrganisationChanged.detailType: {
          const { data } = OrganisationChanged.parse(event.detail);
          const current = await repository.getOrganisation(data.organisationId);
          if (current && current.version >= data.version) return 'stale';
          // `name` is optional in the directory's contract (older events lack it): the id is shown meanwhile.
          const name = data.name || undefined;
          repository.saveOrganisation(uow, {
            organisationId: data.organisationId,
            ...(name ? { name } : {}),
            ...(data.article !== undefined ? { article: data.article } : {}),
            type: data.type,
            networkMember: data.networkMember,
            version: data.version,
          });
          return 'applied';
        }
        case SiteChanged.detailType: {
          const { data } = SiteChanged.parse(event.detail);
          const current = await repository.getSite(data.siteId);
          if (current && current.version >= data.version) return 'stale';
          repository.saveSite(uow, {
            siteId: data.siteId,
            organisationId: data.organisationId,
            ...(data.name ? { name: data.name } : {}),
            ...(data.address ? { address: data.address } : {}),
            ...(data.postalCode ? { postalCode: data.postalCode } : {}),
            communeCode: data.communeCode,
            ...(data.phone ? { phone: data.phone } : {}),
            ...(data.openingHours ? { openingHours: data.openingHours } : {}),
            version: data.version,
          });
          return 'applied';
        }
        case ServiceChanged.detailType: {
          const { data } = ServiceChanged.parse(event.detail);
          const current = await repository.getService(data.serviceId);
          if (current && current.version >= data.version) return 'stale';
          repository.saveService(uow, {
            serviceId: data.serviceId,
            organisationId: data.organisationId,
            ...(data.siteId ? { siteId: data.siteId } : {}),
            version: data.version,
          });
          return 'applied';
        }
        default:
          return 'ignored';
      }
    },
  };
}
