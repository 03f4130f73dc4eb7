import type { ReceivedEvent } from '../../../shared/events/consumer';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { ParcoursClosed, ParcoursMemberAdded, ParcoursMemberRemoved, ParcoursOpened } from '../../parcours/events/parcours.events';
import type { IntakeRepository } from '../domain/intake.ports';
import { type ParcoursMemberProjection, type ParcoursProjection, isParcoursMember, parcoursSummaries } from '../domain/parcours-access';
import { makeApplyParcoursEvent } from './parcours-projection.use-cases';

/** In-memory projections: what the DynamoDB store keeps under the person. */
function memory() {
  const parcours = new Map<string, ParcoursProjection>();
  const members = new Map<string, ParcoursMemberProjection>();
  const readers = new Map<string, boolean>();
  const repository = {
    parcoursOfPerson: async () => ({ parcours: [...parcours.values()], members: [...members.values()] }),
    setParcoursReader: (_uow: UnitOfWork, _personId: string, userId: string, reader: boolean) => void readers.set(userId, reader),
    getParcoursProjection: async (_personId: string, id: string) => parcours.get(id),
    saveParcoursProjection: (_uow: UnitOfWork, p: ParcoursProjection) => void parcours.set(p.parcoursId, p),
    getParcoursMember: async (_personId: string, _parcoursId: string, id: string) => members.get(id),
    saveParcoursMember: (_uow: UnitOfWork, m: ParcoursMemberProjection) => void members.set(m.memberId, m),
  } as unknown as IntakeRepository;
  return { repository, parcours, members, readers };
}

const uow = {} as UnitOfWork;
const asReceived = (e: { source: string; detailType: string; detail: unknown }): ReceivedEvent => e as ReceivedEvent;

const opened = asReceived(
  ParcoursOpened.create({
    parcoursId: 'P',
    personId: 'X',
    referentUserId: 'ts',
    referentOrganisationId: 'CD46',
    openedAt: '2026-11-24T09:00:00Z',
  }),
);
const added = asReceived(
  ParcoursMemberAdded.create({
    parcoursId: 'P',
    personId: 'X',
    memberId: 'M',
    userId: 'caf',
    organisationId: 'CAF',
    role: 'Conseillère',
    at: '2026-11-24T09:01:00Z',
  }),
);
const removed = asReceived(
  ParcoursMemberRemoved.create({
    parcoursId: 'P',
    personId: 'X',
    memberId: 'M',
    userId: 'caf',
    organisationId: 'CAF',
    at: '2026-11-24T10:00:00Z',
  }),
);
const closed = asReceived(
  ParcoursClosed.create({
    parcoursId: 'P',
    personId: 'X',
    referentOrganisationId: 'CD46',
    openedAt: '2026-11-24T09:00:00Z',
    closedAt: '2026-11-25T09:00:00Z',
    withAssessment: true,
    outcomes: { achieved: 1, partly: 0, notAchieved: 0 },
  }),
);

async function play(events: ReceivedEvent[]) {
  const m = memory();
  const apply = makeApplyParcoursEvent({ repository: m.repository });
  for (const e of events) await apply.execute(e, uow);
  return { parcours: [...m.parcours.values()], members: [...m.members.values()], readers: m.readers };
}

describe('intake’s access list of parcours members', () => {
  it('lets an added member read, not once removed, whatever the order the events arrive in', async () => {
    const inOrder = await play([opened, added]);
    expect(isParcoursMember('caf', inOrder.parcours, inOrder.members)).toBe(true);
    expect(inOrder.readers.get('caf')).toBe(true);
    expect(isParcoursMember('other', inOrder.parcours, inOrder.members)).toBe(false);
    for (const order of [
      [opened, added, removed],
      [opened, removed, added],
      [removed, added, opened],
      [opened, added, removed, added],
    ]) {
      const state = await play(order);
      expect(isParcoursMember('caf', state.parcours, state.members)).toBe(false);
      expect(state.readers.get('caf')).toBe(false);
    }
  });

  it('stops reading through a closed parcours, even if the opening arrives late', async () => {
    const state = await play([added, closed, opened]);
    expect(state.parcours[0]).toMatchObject({ status: 'closed', referentUserId: 'ts' });
    expect(isParcoursMember('caf', state.parcours, state.members)).toBe(false);
    expect(state.readers.get('caf')).toBe(false);
  });

  it('summarises the parcours for the history: organisations and roles, no names', async () => {
    const state = await play([opened, added]);
    expect(parcoursSummaries(state.parcours, state.members, (id) => `Structure ${id}`)).toEqual([
      {
        parcoursId: 'P',
        status: 'open',
        openedAt: '2026-11-24T09:00:00Z',
        closedAt: null,
        referentOrganisationId: 'CD46',
        referentOrganisationName: 'Structure CD46',
        territoryId: null,
        members: [
          { organisationId: 'CAF', organisationName: 'Structure CAF', role: 'Conseillère', since: '2026-11-24T09:01:00Z', referent: false },
        ],
      },
    ]);
  });
});
