import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { OrganisationNotificationChannelsChanged } from '../../directory/events/directory.events';
import type { ChannelsStore } from '../store/channels.repository';

/**
 * Keep each organisation's notification channels (ADR 0020: the notifier reads no other
 * service's table). Primary course: the directory announces an organisation's channels with its
 * change → the notifier keeps its name, e-mail, SMS number and webhook URL → only a newer
 * version replaces an older one, so redelivered or reordered events change nothing.
 */
export function makeApplyChannels(deps: { channels: ChannelsStore }) {
  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<'applied' | 'stale' | 'ignored'> {
      if (event.detailType !== OrganisationNotificationChannelsChanged.detailType) return 'ignored';
      const { data } = OrganisationNotificationChannelsChanged.parse(event.detail);
      const current = await deps.channels.getOrganisation(data.organisationId);
      if (current && current.version >= data.version) return 'stale';
      deps.channels.saveChannels(uow, {
        id: data.organisationId,
        name: data.name,
        ...(data.article !== undefined ? { article: data.article } : {}),
        version: data.version,
        notification: data.channels,
      });
      return 'applied';
    },
  };
}
