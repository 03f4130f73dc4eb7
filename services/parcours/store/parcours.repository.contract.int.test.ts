/**
 * The parcours store's contract (ADR 0023): the same cases against the DynamoDB store on
 * DynamoDB Local and against its in-memory twin — conditional creation, versions, the members'
 * access entries kept in step, the due index, the person index, erasure, newest facts, territories.
 */
import type { Actor } from '../../../shared/auth/actor';
import { AppError } from '../../../shared/errors/errors';
import { MemoryParcoursRepository } from '../../../shared/testing/parcours.memory';
import { MemoryDatabase } from '../../../shared/testing/memory-database';
import { type Backend, dynamoBackend, memoryBackend, withDynamoLocalTables } from '../../../shared/testing/tables';
import { newId } from '../../../shared/validation/common.schema';
import { platformService } from '../../platform/service';
import type { ParcoursRepository } from '../domain/parcours.ports';
import * as rules from '../domain/parcours.rules';
import type { ParcoursRecord } from '../domain/parcours.schema';
import { parcoursService } from '../service';
import { DynamoParcoursRepository } from './parcours.repository';

withDynamoLocalTables(parcoursService, platformService);

const NOW = new Date('2026-03-02T09:00:00.000Z');
const organisationId = newId();
const worker = (id: string): Actor => ({ id, name: `TS ${id}`, email: null, roles: ['travailleur_social'], organisationId, siteId: null });

function opened(referentUserId: string, personId = newId(), at = NOW): ParcoursRecord {
  return rules.openParcours(
    {
      id: newId(),
      referentMemberId: newId(),
      personId,
      agreement: { referentChosenByPerson: true, sharingAccepted: true, date: at.toISOString().slice(0, 10), method: 'oral' },
      territoryKnown: false,
      now: at,
    },
    worker(referentUserId),
  );
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe.each<[string, () => { backend: Backend; repository: ParcoursRepository }]>([
  [
    'in memory',
    () => {
      const database = new MemoryDatabase();
      return { backend: memoryBackend(database), repository: new MemoryParcoursRepository(database) };
    },
  ],
  ['on DynamoDB Local', () => ({ backend: dynamoBackend, repository: new DynamoParcoursRepository() })],
])('the parcours store %s', (_name, make) => {
  let backend: Backend;
  let repository: ParcoursRepository;
  beforeEach(() => {
    ({ backend, repository } = make());
  });
  const commit = async (fn: (uow: ReturnType<Backend['newUnitOfWork']>) => void) => {
    const uow = backend.newUnitOfWork();
    fn(uow);
    await uow.commit();
  };

  it('creates a parcours once, then replaces only the version it read', async () => {
    const p = opened(`U-${newId()}`);
    await commit((uow) => repository.saveParcours(uow, p));
    expect(await repository.getParcours(p.id)).toEqual(p);
    expect(((await failure(commit((uow) => repository.saveParcours(uow, p)))) as AppError).code).toBe('parcours.already-exists');
    const next = { ...p, version: 2, updatedAt: '2026-03-03T09:00:00.000Z' };
    await commit((uow) => repository.saveParcours(uow, next, p));
    expect(((await failure(commit((uow) => repository.saveParcours(uow, { ...p, version: 2 }, p)))) as AppError).code).toBe(
      'parcours.version-conflict',
    );
    expect((await repository.getParcours(p.id))?.updatedAt).toBe('2026-03-03T09:00:00.000Z');
  });

  it('keeps each active member’s « mes parcours » entry in step, newest opened first, by status, page by page', async () => {
    const user = `U-${newId()}`;
    const older = opened(user, newId(), new Date('2026-01-01T09:00:00.000Z'));
    const newer = opened(user, newId(), new Date('2026-02-01T09:00:00.000Z'));
    await commit((uow) => repository.saveParcours(uow, older));
    await commit((uow) => repository.saveParcours(uow, newer));
    const first = await repository.listOfMember(user, undefined, 1);
    expect(first.items.map((p) => p.id)).toEqual([newer.id]);
    const second = await repository.listOfMember(user, undefined, 1, first.nextCursor!);
    expect(second.items.map((p) => p.id)).toEqual([older.id]);
    const closedOlder = { ...older, status: 'closed' as const, version: 2 };
    await commit((uow) => repository.saveParcours(uow, closedOlder, older));
    expect((await repository.listOfMember(user, 'active', 10)).items.map((p) => p.id)).toEqual([newer.id]);
    expect((await repository.listOfMember(user, 'closed', 10)).items.map((p) => p.id)).toEqual([older.id]);
    await expect(repository.listOfMember(`U-${newId()}`, undefined, 1, first.nextCursor!)).rejects.toBeInstanceOf(AppError);
  });

  it('lists a person’s parcours and erases every item of one', async () => {
    const personId = newId();
    const a = opened(`U-${newId()}`, personId);
    const b = opened(`U-${newId()}`, personId);
    await commit((uow) => repository.saveParcours(uow, a));
    await commit((uow) => repository.saveParcours(uow, b));
    expect((await repository.parcoursOfPerson(personId)).sort()).toEqual([a.id, b.id].sort());
    expect(await repository.eraseParcours(a.id)).toBe(2); // the record and its référent's access entry
    expect(await repository.getParcours(a.id)).toBeUndefined();
    expect(await repository.listOfMember(rules.referentOf(a).userId!, undefined, 10)).toEqual({ items: [], nextCursor: null });
  });

  it('lists active parcours with an action due strictly before a day, and only those', async () => {
    const user = `U-${newId()}`;
    const p = opened(user);
    const { next } = rules.addGoal(
      p,
      { title: 'But', actions: [{ label: 'A', ownerMemberId: p.referentMemberId, dueDate: '2026-03-10' }] },
      worker(user),
      newId,
      NOW,
    );
    await commit((uow) => repository.saveParcours(uow, { ...next, version: 1 }));
    expect(await repository.dueParcours('2026-03-11', 1000)).toContain(p.id);
    expect(await repository.dueParcours('2026-03-10', 1000)).not.toContain(p.id);
    const stored = (await repository.getParcours(p.id))!;
    await commit((uow) => repository.saveParcours(uow, { ...stored, status: 'closed', version: 2 }, stored));
    expect(await repository.dueParcours('2026-03-11', 1000)).not.toContain(p.id);
  });

  it('keeps the newest facts about a person: an older event never overwrites them', async () => {
    const personId = newId();
    const facts = (at: string, networkSharing: boolean) => ({ personId, recordedByOrganisationId: organisationId, networkSharing, at });
    await commit((uow) => repository.savePersonFacts(uow, facts('2026-03-02T10:00:00.000Z', false)));
    const stale = await failure(commit((uow) => repository.savePersonFacts(uow, facts('2026-03-02T09:00:00.000Z', true))));
    expect(stale).toBeInstanceOf(Error);
    expect(stale).not.toBeInstanceOf(AppError);
    expect((await repository.getPersonFacts(personId))?.networkSharing).toBe(false);
    await repository.deletePersonFacts(personId);
    expect(await repository.getPersonFacts(personId)).toBeUndefined();
  });

  it('creates a territory once, changes it on its version, lists territories by name', async () => {
    const name = `Territoire ${newId()}`;
    const territory = {
      id: newId(),
      name,
      communeCodes: ['46042'],
      referentDeployed: false,
      version: 1,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    };
    await commit((uow) => repository.saveTerritory(uow, territory));
    expect(((await failure(commit((uow) => repository.saveTerritory(uow, territory)))) as AppError).code).toBe(
      'parcours.territory.already-exists',
    );
    expect(((await failure(commit((uow) => repository.saveTerritory(uow, { ...territory, version: 2 }, 5)))) as AppError).code).toBe(
      'parcours.territory.version-conflict',
    );
    await commit((uow) => repository.saveTerritory(uow, { ...territory, version: 2, referentDeployed: true }, 1));
    expect(await repository.getTerritory(territory.id)).toMatchObject({ version: 2, referentDeployed: true });
    const names = (await repository.listTerritories()).map((t) => t.name);
    expect(names).toContain(name);
    expect([...names].sort()).toEqual(names);
  });
});
