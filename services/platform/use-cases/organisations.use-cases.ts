import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { OrganisationChanged } from '../../directory/events/directory.events';
import type { PersonReadsStore } from '../store/person-reads.store';

/**
 * Keep the organisations' names (ARCHITECTURE: no service reads another's table): the person's
 * list of reads says which organisation read her file by its name. Only a newer version
 * replaces an older one, so a redelivered or late event changes nothing.
 */
export function makeApplyOrganisationChanged(store: Pick<PersonReadsStore, 'getOrganisation' | 'saveOrganisation'>) {
  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<'applied' | 'stale' | 'ignored'> {
      if (event.detailType !== OrganisationChanged.detailType) return 'ignored';
      const { data } = OrganisationChanged.parse(event.detail);
      const current = await store.getOrganisation(data.organisationId);
      if (current && current.version >= data.version) return 'stale';
      const name = data.name || current?.name;
      store.saveOrganisation(uow, { organisationId: data.organisationId, ...(name ? { name } : {}), version: data.version });
      return 'applied';
    },
  };
}
