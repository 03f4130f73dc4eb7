/**
 * The intake store's contract (ADR 0023): the same cases against the DynamoDB store on DynamoDB
 * Local and against its in-memory twin, so that the twin cannot drift — conditional writes and
 * their errors, version conflicts, atomicity, index order and paging, the sparse indexes.
 */
import { AppError, ConflictError } from '../../../shared/errors/errors';
import { MemoryIntakeRepository } from '../../../shared/testing/intake.memory';
import { MemoryDatabase } from '../../../shared/testing/memory-database';
import { type Backend, dynamoBackend, memoryBackend, withDynamoLocalTables } from '../../../shared/testing/tables';
import { newId } from '../../../shared/validation/common.schema';
import { platformService } from '../../platform/service';
import type { IntakeRepository } from '../domain/intake.ports';
import type { Person } from '../domain/person.schema';
import type { Reception } from '../domain/reception.schema';
import type { Referral } from '../domain/referral.rules';
import { intakeService } from '../service';
import { DynamoIntakeRepository, retentionDue } from './intake.repository';

process.env.RELAIS_LINK_SECRET ??= 'contract-test-link-secret-of-at-least-32-characters';
withDynamoLocalTables(intakeService, platformService);

const AT = '2026-03-02T09:00:00.000Z';
const consent = { given: true, method: 'oral' as const, recordedAt: AT, recordedBy: { userId: 'U1', name: 'A', organisationId: 'ORG' } };

function person(fields: Partial<Person> = {}): Person {
  return {
    id: newId(),
    lastName: 'Martin',
    firstName: 'Léa',
    birthDate: '1990-04-01',
    consents: { networkSharing: consent, smsSurveys: { ...consent, given: false } },
    createdBy: { userId: 'U1', name: 'Agent', organisationId: 'ORG-A' },
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...fields,
  };
}

function referral(fields: Partial<Referral> = {}): Referral {
  return {
    id: newId(),
    status: 'sent',
    fromOrganisationId: 'ORG-A',
    toOrganisationId: 'ORG-B',
    themes: ['famille'],
    reason: 'r',
    urgency: 'normal',
    liaisonNote: 'n',
    sentAt: AT,
    expiresAt: '2026-03-10T09:00:00.000Z',
    reminderAt: '2026-03-06T09:00:00.000Z',
    history: [],
    version: 1,
    updatedAt: AT,
    ...fields,
  };
}

function reception(fields: Partial<Reception> = {}): Reception {
  return {
    id: newId(),
    siteId: 'SITE-1',
    organisationId: 'ORG-A',
    channel: 'site',
    themes: ['famille'],
    receivedAt: AT,
    recordedBy: { userId: 'U1', name: 'Agent', organisationId: 'ORG-A' },
    createdAt: AT,
    ...fields,
  } as Reception;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** A fresh organisation id per test: both backends keep their data for the whole file. */
const org = () => `ORG-${newId()}`;

describe.each<[string, () => { backend: Backend; repository: IntakeRepository }]>([
  [
    'in memory',
    () => {
      const database = new MemoryDatabase();
      return { backend: memoryBackend(database), repository: new MemoryIntakeRepository(database) };
    },
  ],
  ['on DynamoDB Local', () => ({ backend: dynamoBackend, repository: new DynamoIntakeRepository() })],
])('the intake store %s', (_name, make) => {
  let backend: Backend;
  let repository: IntakeRepository;
  beforeEach(() => {
    ({ backend, repository } = make());
  });
  const commit = async (fn: (uow: ReturnType<Backend['newUnitOfWork']>) => void) => {
    const uow = backend.newUnitOfWork();
    fn(uow);
    await uow.commit();
  };

  it('creates a person once, then replaces only the version it read', async () => {
    const p = person();
    await commit((uow) => repository.savePerson(uow, p));
    expect(await repository.getPerson(p.id)).toEqual(p);
    expect((await failure(commit((uow) => repository.savePerson(uow, p)))).code).toBe('intake.record.already-exists');
    const stale = await failure(commit((uow) => repository.savePerson(uow, { ...p, firstName: 'Zoé', version: 2 }, 7)));
    expect(stale.code).toBe('intake.person.version-conflict');
    expect(stale.errors).toEqual([{ path: 'body.version', message: expect.any(String) }]);
    await commit((uow) => repository.savePerson(uow, { ...p, firstName: 'Zoé', version: 2 }, 1));
    expect((await repository.getPersons([p.id, newId()])).get(p.id)?.firstName).toBe('Zoé');
  });

  it('writes nothing of a transaction when one of its writes conflicts', async () => {
    const p = person();
    await commit((uow) => repository.savePerson(uow, p));
    const r = referral({ personId: p.id });
    const error = await failure(
      commit((uow) => {
        repository.saveReferral(uow, r);
        repository.recordReferredTo(uow, p.id, 'ORG-B', r.id, AT);
        repository.savePerson(uow, { ...p, version: 2 }, 5);
      }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(await repository.getReferral(r.id)).toBeUndefined();
    expect(await repository.referredTo(p.id, 'ORG-B')).toBe(false);
  });

  it('refuses a stale referral with « modifiée entre-temps »', async () => {
    const r = referral();
    await commit((uow) => repository.saveReferral(uow, r));
    await commit((uow) => repository.saveReferral(uow, { ...r, status: 'accepted', version: 2 }, 1));
    const error = await failure(commit((uow) => repository.saveReferral(uow, { ...r, status: 'declined', version: 2 }, 1)));
    expect(error.code).toBe('intake.referral.changed');
    expect((await repository.getReferral(r.id, true))?.status).toBe('accepted');
  });

  it('lists a box newest first, page by page, filtered by status, and refuses a cursor of another box', async () => {
    const to = org();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = referral({ toOrganisationId: to, sentAt: `2026-03-0${i + 1}T09:00:00.000Z`, status: i % 2 ? 'accepted' : 'sent' });
      ids.push(r.id);
      await commit((uow) => repository.saveReferral(uow, r));
    }
    const newestFirst = [...ids].reverse();
    const first = await repository.listReferrals({ box: 'incoming', organisationId: to }, 2);
    expect(first.items.map((r) => r.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.nextCursor).not.toBeNull();
    const second = await repository.listReferrals({ box: 'incoming', organisationId: to }, 2, first.nextCursor!);
    const third = await repository.listReferrals({ box: 'incoming', organisationId: to }, 2, second.nextCursor!);
    expect([...second.items, ...third.items].map((r) => r.id)).toEqual(newestFirst.slice(2));
    expect(third.nextCursor).toBeNull();
    const sent = await repository.listReferrals({ box: 'incoming', organisationId: to, status: 'sent' }, 10);
    expect(sent.items.map((r) => r.id)).toEqual([ids[4], ids[2], ids[0]]);
    const other = await failure(repository.listReferrals({ box: 'incoming', organisationId: org() }, 2, first.nextCursor!));
    expect(other.code).toBe('kernel.invalid-cursor');
    await expect(repository.listReferrals({ box: 'incoming', organisationId: to }, 2, 'made.up')).rejects.toBeInstanceOf(AppError);
  });

  it('a full last page still gives a cursor, whose page is empty (DynamoDB stops at its limit)', async () => {
    const to = org();
    for (let i = 0; i < 2; i++) await commit((uow) => repository.saveReferral(uow, referral({ toOrganisationId: to })));
    const page = await repository.listReferrals({ box: 'incoming', organisationId: to }, 2);
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const after = await repository.listReferrals({ box: 'incoming', organisationId: to }, 2, page.nextCursor!);
    expect(after).toEqual({ items: [], nextCursor: null });
  });

  it('lists receptions of a site or an organisation within a period, newest first', async () => {
    const organisationId = org();
    const site = `SITE-${newId()}`;
    const days = ['2026-02-01', '2026-02-10', '2026-02-20'];
    const made = days.map((d, i) => reception({ organisationId, siteId: i === 0 ? 'SITE-OTHER' : site, receivedAt: `${d}T10:00:00.000Z` }));
    for (const r of made) await commit((uow) => repository.saveReception(uow, r));
    const all = await repository.listReceptions({ organisationId }, 10);
    expect(all.items.map((r) => r.id)).toEqual([made[2]!.id, made[1]!.id, made[0]!.id]);
    const ofSite = await repository.listReceptions(
      { organisationId, siteId: site, from: '2026-02-05', to: '2026-02-10T10:00:00.000Z' },
      10,
    );
    expect(ofSite.items.map((r) => r.id)).toEqual([made[1]!.id]);
    const until = await repository.listReceptions({ organisationId, to: '2026-02-10T10:00:00.000Z' }, 10);
    expect(until.items.map((r) => r.id)).toEqual([made[1]!.id, made[0]!.id]);
    expect((await failure(commit((uow) => repository.saveReception(uow, made[0]!)))).code).toBe('intake.record.already-exists');
  });

  it('finds possible duplicates by exact names, or by birth date and one name', async () => {
    const last = `Dup${newId().slice(-6)}`;
    const same = person({ lastName: last, firstName: 'Paul' });
    const bornSameDayFirstName = person({ lastName: `${last}x`, firstName: 'Paul' });
    const unrelated = person({ lastName: `${last}y`, firstName: 'Marc', birthDate: '1970-01-01' });
    for (const p of [same, bornSameDayFirstName, unrelated]) await commit((uow) => repository.savePerson(uow, p));
    const found = await repository.findPossibleDuplicates({ lastName: last, firstName: 'Paul', birthDate: '1990-04-01' });
    expect(found.map((p) => p.id).sort()).toEqual([same.id, bornSameDayFirstName.id].sort());
  });

  it('searches last names first, then first names, across pages', async () => {
    const key = `zq${newId().slice(-5).toLowerCase()}`;
    const byLast = person({ lastName: `${key}a`, firstName: 'Anne' });
    const byLast2 = person({ lastName: `${key}b`, firstName: 'Anne', birthDate: '1980-01-01' });
    const byFirst = person({ lastName: 'Autre', firstName: `${key}c` });
    for (const p of [byFirst, byLast2, byLast]) await commit((uow) => repository.savePerson(uow, p));
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await repository.searchPersons(key, undefined, 1, cursor);
      ids.push(...page.items.map((p) => p.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(ids).toEqual([byLast.id, byLast2.id, byFirst.id]);
    const born = await repository.searchPersons(key, '1980-01-01', 10);
    expect(born.items.map((p) => p.id)).toEqual([byLast2.id]);
    expect(born.items[0]).toMatchObject({ createdBy: { organisationId: 'ORG-A' }, consents: { networkSharing: { given: true } } });
  });

  it('moves a person’s erasure date with her activity, never revives an erased person, deletes only if still inactive', async () => {
    const p = person({ updatedAt: '2020-01-01T00:00:00.000Z' });
    await commit((uow) => repository.savePerson(uow, p));
    const due = await repository.personsDueForErasure('2023-01-01T00:00:00.000Z', 1000);
    expect(due).toContainEqual({ personId: p.id, lastActivityAt: '2020-01-01T00:00:00.000Z' });
    await commit((uow) => repository.touchPerson(uow, p.id, '2022-06-01T00:00:00.000Z'));
    expect((await repository.personsDueForErasure('2023-01-01T00:00:00.000Z', 1000)).map((d) => d.personId)).not.toContain(p.id);
    expect(retentionDue(p.id, '2022-06-01T00:00:00.000Z') > '2024').toBe(true);
    await expect(commit((uow) => repository.deletePersonIfInactiveSince(uow, p.id, '2020-01-01T00:00:00.000Z'))).rejects.toBeInstanceOf(
      ConflictError,
    );
    await commit((uow) => repository.deletePersonIfInactiveSince(uow, p.id, '2022-06-01T00:00:00.000Z'));
    expect(await repository.getPerson(p.id)).toBeUndefined();
    await expect(commit((uow) => repository.touchPerson(uow, p.id, AT))).rejects.toBeInstanceOf(ConflictError);
    expect(await repository.getPerson(p.id)).toBeUndefined();
  });

  it('keeps waiting referrals in the due index by their next deadline, ended ones out', async () => {
    const waiting = referral({ reminderAt: '2001-01-02T00:00:00.000Z', expiresAt: '2001-01-04T00:00:00.000Z' });
    const answered = referral({ reminderAt: '2001-01-02T00:00:00.000Z', expiresAt: '2001-01-04T00:00:00.000Z' });
    await commit((uow) => {
      repository.saveReferral(uow, waiting);
      repository.saveReferral(uow, answered);
    });
    await commit((uow) => repository.saveReferral(uow, { ...answered, status: 'declined', version: 2 }, 1));
    const due = (await repository.dueReferrals('2001-01-03T00:00:00.000Z', 1000)).map((r) => r.id);
    expect(due).toContain(waiting.id);
    expect(due).not.toContain(answered.id);
    expect((await repository.dueReferrals('2001-01-01T00:00:00.000Z', 1000)).map((r) => r.id)).not.toContain(waiting.id);
  });

  it('replaces a directory projection only by a newer version', async () => {
    const id = org();
    await commit((uow) =>
      repository.saveOrganisation(uow, { organisationId: id, name: 'B', type: 'caf', networkMember: true, version: 2 }),
    );
    await expect(
      commit((uow) => repository.saveOrganisation(uow, { organisationId: id, name: 'A', type: 'caf', networkMember: true, version: 1 })),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await repository.getOrganisation(id))?.name).toBe('B');
    expect((await repository.getOrganisations([id, org()])).size).toBe(1);
  });

  it('keeps a person’s parcours, members and readers under her, and her exceptional accesses by month', async () => {
    const p = person();
    await commit((uow) => {
      repository.savePerson(uow, p);
      repository.saveParcoursProjection(uow, { parcoursId: 'PA1', personId: p.id, status: 'active', openedAt: AT } as never);
      repository.saveParcoursMember(uow, {
        parcoursId: 'PA1',
        personId: p.id,
        memberId: 'M1',
        userId: 'U9',
        organisationId: 'ORG-C',
        role: 'member',
        addedAt: AT,
      } as never);
      repository.setParcoursReader(uow, p.id, 'U9', true);
    });
    const of = await repository.parcoursOfPerson(p.id);
    expect(of.parcours.map((x) => x.parcoursId)).toEqual(['PA1']);
    expect(of.members.map((x) => x.memberId)).toEqual(['M1']);
    expect(await repository.parcoursReaderOf([p.id], 'U9')).toEqual(new Set([p.id]));
    await commit((uow) => repository.setParcoursReader(uow, p.id, 'U9', false));
    expect(await repository.parcoursReaderOf([p.id], 'U9')).toEqual(new Set());
    const grantedTo = { userId: 'U7', name: 'TS', organisationId: 'ORG-C', role: 'travailleur_social' };
    const old = {
      id: newId(),
      personId: p.id,
      grantedTo,
      reason: 'danger' as const,
      details: 'd',
      grantedAt: '2031-01-30T10:00:00.000Z',
      grantedUntil: '2031-01-31T10:00:00.000Z',
    };
    const recent = { ...old, id: newId(), grantedAt: '2031-02-02T10:00:00.000Z', grantedUntil: '2031-02-03T10:00:00.000Z' };
    await commit((uow) => repository.saveExceptionalAccess(uow, old));
    await commit((uow) => repository.saveExceptionalAccess(uow, recent));
    expect((await repository.activeExceptionalAccess(p.id, 'U7', '2031-02-02T12:00:00.000Z'))?.id).toBe(recent.id);
    expect(await repository.activeExceptionalAccess(p.id, 'U7', '2031-02-04T00:00:00.000Z')).toBeUndefined();
    const first = await repository.listExceptionalAccesses('2031-01-01T00:00:00.000Z', '2031-02-28T00:00:00.000Z', 1);
    expect(first.items.map((g) => g.id)).toEqual([recent.id]);
    const next = await repository.listExceptionalAccesses('2031-01-01T00:00:00.000Z', '2031-02-28T00:00:00.000Z', 5, first.nextCursor!);
    expect(next.items.map((g) => g.id)).toEqual([old.id]);
  });
});
