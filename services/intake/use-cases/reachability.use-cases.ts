import type { Actor } from '../../../shared/auth/actor';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { OrganisationReachabilityChanged } from '../../notifications/events/notifications.events';
import type { IntakeDeps, OrganisationReach } from '../domain/intake.ports';
import type { Reachability, ReachChannel } from '../domain/referral.schema';
import { intakeErrors } from '../errors';

/** The channels that reach an organisation, in the order the form lists them. */
export function channelsOf(reach: OrganisationReach): ReachChannel[] {
  return [
    ...(reach.channels.email ? (['email'] as const) : []),
    ...(reach.channels.sms ? (['sms'] as const) : []),
    ...(reach.channels.webhook ? (['webhook'] as const) : []),
    ...(reach.accounts ? (['accounts'] as const) : []),
  ];
}

/**
 * How a referral would reach an organisation (API.md « Closing the loop »).
 * Primary course: a field agent chooses the partner in the referral form → the channels the
 * notifications service announced (e-mail, SMS, webhook: booleans, never the addresses) and
 * whether agents of the organisation act in Relais with an account are read → `reachable` is
 * true when any of them exists. An unknown organisation is a 404.
 */
export function makeOrganisationReachability(deps: Pick<IntakeDeps, 'repository'>) {
  return {
    async execute(organisationId: string, _actor: Actor): Promise<Reachability> {
      const organisation = await deps.repository.getOrganisation(organisationId);
      if (!organisation) throw intakeErrors.error('organisation.not-found');
      const channels = channelsOf(await deps.repository.getReach(organisationId));
      return { organisationId, reachable: channels.length > 0, channels };
    },
  };
}

/**
 * Keep which channels reach each organisation (from the notifications service, ADR 0020: no
 * address crosses). Only a newer version replaces an older one.
 */
export function makeApplyReachability(deps: Pick<IntakeDeps, 'repository'>) {
  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<'applied' | 'stale' | 'ignored'> {
      if (event.detailType !== OrganisationReachabilityChanged.detailType) return 'ignored';
      const { data } = OrganisationReachabilityChanged.parse(event.detail);
      const current = await deps.repository.getReach(data.organisationId);
      if (current.channelsVersion !== undefined && current.channelsVersion >= data.version) return 'stale';
      deps.repository.saveChannels(uow, data.organisationId, data.channels, data.version);
      return 'applied';
    },
  };
}
