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
import { type ParcoursMemberProjection, type ParcoursProjection, isParcoursMember } from '../domain/parcours-access';

type Change = { kind: 'parcours'; value: ParcoursProjection } | { kind: 'member'; value: ParcoursMemberProjection };

/**
 * Keep intake's access list of parcours members (SECURITY.md: a member of a parcours reads the
 * person's history; a removed member no longer can).
 * Primary course: the parcours service announces an opening, a member added or removed, a new
 * référent or a closing → intake keeps, under the person, the parcours (open or closed) and
 * each member (with a tombstone once removed), and per user whether they read the person
 * through a parcours (for search results). Every event is applied so that redelivered or
 * reordered events end in the same state: a removal wins over a late addition, a closing over
 * a late opening.
 */
export function makeApplyParcoursEvent(deps: Pick<IntakeDeps, 'repository'>) {
  const { repository } = deps;
  const parcoursOf = async (personId: string, parcoursId: string): Promise<ParcoursProjection> =>
    (await repository.getParcoursProjection(personId, parcoursId)) ?? { parcoursId, personId, status: 'open' };

  /** The change an event makes, or why it makes none. */
  async function changeOf(event: ReceivedEvent): Promise<Change | 'stale' | 'ignored'> {
    switch (event.detailType) {
      case ParcoursOpened.detailType: {
        const { data } = ParcoursOpened.parse(event.detail);
        const current = await parcoursOf(data.personId, data.parcoursId);
        return {
          kind: 'parcours',
          value: {
            ...current,
            openedAt: data.openedAt,
            // A référent change seen before the opening is the newer one.
            ...(current.referentSince ? {} : { referentUserId: data.referentUserId, referentOrganisationId: data.referentOrganisationId }),
            ...(data.territoryId ? { territoryId: data.territoryId } : {}),
          },
        };
      }
      case ParcoursReferentChanged.detailType: {
        const { data } = ParcoursReferentChanged.parse(event.detail);
        const current = await parcoursOf(data.personId, data.parcoursId);
        if (current.referentSince && current.referentSince >= data.at) return 'stale';
        return {
          kind: 'parcours',
          value: {
            ...current,
            referentUserId: data.referentUserId,
            referentOrganisationId: data.referentOrganisationId,
            referentSince: data.at,
          },
        };
      }
      case ParcoursClosed.detailType: {
        const { data } = ParcoursClosed.parse(event.detail);
        const current = await parcoursOf(data.personId, data.parcoursId);
        return {
          kind: 'parcours',
          value: {
            ...current,
            status: 'closed',
            openedAt: current.openedAt ?? data.openedAt,
            closedAt: data.closedAt,
            ...(current.referentOrganisationId ? {} : { referentOrganisationId: data.referentOrganisationId }),
          },
        };
      }
      case ParcoursMemberAdded.detailType: {
        const { data } = ParcoursMemberAdded.parse(event.detail);
        if (await repository.getParcoursMember(data.personId, data.parcoursId, data.memberId)) return 'stale';
        return {
          kind: 'member',
          value: {
            parcoursId: data.parcoursId,
            personId: data.personId,
            memberId: data.memberId,
            ...(data.userId ? { userId: data.userId } : {}),
            organisationId: data.organisationId,
            role: data.role,
            addedAt: data.at,
          },
        };
      }
      case ParcoursMemberRemoved.detailType: {
        const { data } = ParcoursMemberRemoved.parse(event.detail);
        const current = await repository.getParcoursMember(data.personId, data.parcoursId, data.memberId);
        if (current?.removedAt) return 'stale';
        return {
          kind: 'member',
          value: {
            role: '',
            ...current,
            parcoursId: data.parcoursId,
            personId: data.personId,
            memberId: data.memberId,
            ...(data.userId ? { userId: data.userId } : {}),
            organisationId: data.organisationId,
            removedAt: data.at,
          },
        };
      }
      default:
        return 'ignored';
    }
  }

  /** Per user, whether they read the person through a parcours: from the whole projection with this change. */
  async function updateReaders(change: Change, uow: UnitOfWork): Promise<void> {
    const { personId } = change.value;
    const state = await repository.parcoursOfPerson(personId);
    const parcours =
      change.kind === 'parcours'
        ? [...state.parcours.filter((p) => p.parcoursId !== change.value.parcoursId), change.value]
        : state.parcours;
    const members =
      change.kind === 'member' ? [...state.members.filter((m) => m.memberId !== change.value.memberId), change.value] : state.members;
    const users =
      change.kind === 'member'
        ? [change.value.userId]
        : members.filter((m) => m.parcoursId === change.value.parcoursId).map((m) => m.userId);
    for (const userId of new Set(users)) {
      if (userId) repository.setParcoursReader(uow, personId, userId, isParcoursMember(userId, parcours, members));
    }
  }

  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<'applied' | 'stale' | 'ignored'> {
      const change = await changeOf(event);
      if (change === 'stale' || change === 'ignored') return change;
      if (change.kind === 'parcours') repository.saveParcoursProjection(uow, change.value);
      else repository.saveParcoursMember(uow, change.value);
      await updateReaders(change, uow);
      return 'applied';
    },
  };
}
