import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import {
  ParcoursClosed,
  ParcoursMemberAdded,
  ParcoursMemberRemoved,
  ParcoursOpened,
  ParcoursReferentChanged,
} from '../../parcours/events/parcours.events';
import type { IntakeDeps } from '../domain/intake.ports';
import type { ParcoursProjection } from '../domain/parcours-access';

/**
 * Keep intake's access list of parcours members (SECURITY.md: a member of a parcours reads the
 * person's history; a removed member no longer can).
 * Primary course: the parcours service announces an opening, a member added or removed, a new
 * référent or a closing → intake keeps, under the person, the parcours (open or closed) and
 * each member (with a tombstone once removed). Every event is applied so that redelivered or
 * reordered events end in the same state: a removal wins over a late addition, a closing over
 * a late opening.
 */
export function makeApplyParcoursEvent(deps: Pick<IntakeDeps, 'repository'>) {
  const { repository } = deps;
  const parcoursOf = async (personId: string, parcoursId: string): Promise<ParcoursProjection> =>
    (await repository.getParcoursProjection(personId, parcoursId)) ?? { parcoursId, personId, status: 'open' };
  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<'applied' | 'stale' | 'ignored'> {
      switch (event.detailType) {
        case ParcoursOpened.detailType: {
          const { data } = ParcoursOpened.parse(event.detail);
          const current = await parcoursOf(data.personId, data.parcoursId);
          repository.saveParcoursProjection(uow, {
            ...current,
            openedAt: data.openedAt,
            // A référent change seen before the opening is the newer one.
            ...(current.referentSince ? {} : { referentUserId: data.referentUserId, referentOrganisationId: data.referentOrganisationId }),
            ...(data.territoryId ? { territoryId: data.territoryId } : {}),
          });
          return 'applied';
        }
        case ParcoursReferentChanged.detailType: {
          const { data } = ParcoursReferentChanged.parse(event.detail);
          const current = await parcoursOf(data.personId, data.parcoursId);
          if (current.referentSince && current.referentSince >= data.at) return 'stale';
          repository.saveParcoursProjection(uow, {
            ...current,
            referentUserId: data.referentUserId,
            referentOrganisationId: data.referentOrganisationId,
            referentSince: data.at,
          });
          return 'applied';
        }
        case ParcoursClosed.detailType: {
          const { data } = ParcoursClosed.parse(event.detail);
          const current = await parcoursOf(data.personId, data.parcoursId);
          repository.saveParcoursProjection(uow, {
            ...current,
            status: 'closed',
            openedAt: current.openedAt ?? data.openedAt,
            closedAt: data.closedAt,
            ...(current.referentOrganisationId ? {} : { referentOrganisationId: data.referentOrganisationId }),
          });
          return 'applied';
        }
        case ParcoursMemberAdded.detailType: {
          const { data } = ParcoursMemberAdded.parse(event.detail);
          const current = await repository.getParcoursMember(data.personId, data.parcoursId, data.memberId);
          if (current) return 'stale';
          repository.saveParcoursMember(uow, {
            parcoursId: data.parcoursId,
            personId: data.personId,
            memberId: data.memberId,
            ...(data.userId ? { userId: data.userId } : {}),
            organisationId: data.organisationId,
            role: data.role,
            addedAt: data.at,
          });
          return 'applied';
        }
        case ParcoursMemberRemoved.detailType: {
          const { data } = ParcoursMemberRemoved.parse(event.detail);
          const current = await repository.getParcoursMember(data.personId, data.parcoursId, data.memberId);
          if (current?.removedAt) return 'stale';
          repository.saveParcoursMember(uow, {
            role: '',
            ...current,
            parcoursId: data.parcoursId,
            personId: data.personId,
            memberId: data.memberId,
            ...(data.userId ? { userId: data.userId } : {}),
            organisationId: data.organisationId,
            removedAt: data.at,
          });
          return 'applied';
        }
        default:
          return 'ignored';
      }
    },
  };
}
