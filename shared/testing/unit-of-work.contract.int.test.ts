/**
 * The unit of work's contract (ADR 0023): the same cases on DynamoDB Local and on the in-memory
 * twin, so that a use case's unit test on the twin means what it would on DynamoDB.
 */

import * as z from 'zod';
import { intakeService } from '../../services/intake/service';
import { platformService } from '../../services/platform/service';
import type { Actor } from '../auth/actor';
import { audit } from '../auth/audit';
import { tableName } from '../config/settings';
import type { DeferredWrites, PendingWrite } from '../dynamo/unit-of-work';
import { versionCondition } from '../dynamo/unit-of-work';
import { AppError, ConflictError } from '../errors/errors';
import { defineEvent } from '../events/envelope';
import { publishInTransaction } from '../events/outbox';
import { ulid } from '../ids/ulid';
import { type Backend, dynamoBackend, memoryBackend, withDynamoLocalTables } from './tables';

withDynamoLocalTables(intakeService, platformService);

const table = () => tableName('intake', 'main');
const key = (id: string) => ({ pk: `TEST#${id}`, sk: 'TEST' });
const Happened = defineEvent('relais.test', 'Happened', z.object({ id: z.string() }));
class Taken extends Error {}
const actor: Actor = { id: 'U1', name: 'Agent', email: null, roles: ['accueil'], organisationId: 'ORG1', siteId: null };

describe.each<[string, () => Backend]>([
  ['in memory', () => memoryBackend()],
  ['on DynamoDB Local', () => dynamoBackend],
])('the unit of work %s', (_name, make) => {
  let backend: Backend;
  beforeEach(() => {
    backend = make();
  });
  const get = (id: string) => backend.get(table(), key(id));

  it('writes the state and its outbox item together', async () => {
    const id = ulid();
    const uow = backend.newUnitOfWork();
    uow.put(table(), { ...key(id), version: 1, name: 'a' }, { expression: 'attribute_not_exists(pk)' });
    const event = Happened.create({ id });
    publishInTransaction(uow, table(), event);
    expect(uow.size).toBe(2);
    await uow.commit();
    expect(await get(id)).toEqual({ ...key(id), version: 1, name: 'a' });
    const outbox = await backend.get(table(), { pk: `OUTBOX#${event.detail.metadata.eventId}`, sk: 'EVENT' });
    expect(outbox).toMatchObject({ detailType: 'Happened', outboxPending: 'PENDING' });
  });

  it('writes nothing when one condition fails, and raises that write’s error', async () => {
    const id = ulid();
    const other = ulid();
    const first = backend.newUnitOfWork();
    first.put(table(), { ...key(id), version: 1 });
    await first.commit();
    const uow = backend.newUnitOfWork();
    uow.put(table(), { ...key(other), version: 1 }, { expression: 'attribute_not_exists(pk)' });
    uow.put(table(), { ...key(id), version: 9 }, { expression: 'attribute_not_exists(pk)' }, () => new Taken());
    await expect(uow.commit()).rejects.toBeInstanceOf(Taken);
    expect(await get(other)).toBeUndefined();
    expect(await get(id)).toEqual({ ...key(id), version: 1 });
  });

  it('refuses a stale version with the kernel’s version conflict (409) by default', async () => {
    const id = ulid();
    const create = backend.newUnitOfWork();
    create.put(table(), { ...key(id), version: 2 });
    await create.commit();
    const stale = backend.newUnitOfWork();
    stale.put(table(), { ...key(id), version: 2, name: 'b' }, versionCondition(1));
    const error = await stale.commit().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as AppError).code).toBe('kernel.version-conflict');
    const fresh = backend.newUnitOfWork();
    fresh.put(table(), { ...key(id), version: 3, name: 'c' }, versionCondition(2));
    await fresh.commit();
    expect(await get(id)).toEqual({ ...key(id), version: 3, name: 'c' });
  });

  it('replaces a projection only by a newer version (OR, <)', async () => {
    const id = ulid();
    const newer = (version: number) => ({
      expression: 'attribute_not_exists(pk) OR #version < :version',
      names: { '#version': 'version' },
      values: { ':version': version },
    });
    const write = async (version: number) => {
      const uow = backend.newUnitOfWork();
      uow.put(table(), { ...key(id), version }, newer(version));
      return uow.commit().then(
        () => 'applied',
        () => 'refused',
      );
    };
    expect(await write(2)).toBe('applied');
    expect(await write(1)).toBe('refused');
    expect(await write(2)).toBe('refused');
    expect(await write(3)).toBe('applied');
    expect((await get(id))?.version).toBe(3);
  });

  it('updates an existing item only (SET with attribute_exists), and deletes on a seen value only', async () => {
    const id = ulid();
    const update = () =>
      backend.newUnitOfWork().add({
        Update: {
          TableName: table(),
          Key: key(id),
          UpdateExpression: 'SET lastActivityAt = :at, dueAt = :due',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': '2026-01-02', ':due': 'X' },
        },
      });
    await expect(update().commit()).rejects.toBeInstanceOf(ConflictError);
    expect(await get(id)).toBeUndefined();
    const create = backend.newUnitOfWork();
    create.put(table(), { ...key(id), lastActivityAt: '2026-01-01', name: 'kept' });
    await create.commit();
    await update().commit();
    expect(await get(id)).toEqual({ ...key(id), lastActivityAt: '2026-01-02', dueAt: 'X', name: 'kept' });
    const remove = (seen: string) =>
      backend.newUnitOfWork().add({
        Delete: {
          TableName: table(),
          Key: key(id),
          ConditionExpression: 'lastActivityAt = :seen',
          ExpressionAttributeValues: { ':seen': seen },
        },
      });
    await expect(remove('2026-01-01').commit()).rejects.toBeInstanceOf(ConflictError);
    expect(await get(id)).toBeDefined();
    await remove('2026-01-02').commit();
    expect(await get(id)).toBeUndefined();
  });

  it('refuses two writes to one item in a transaction, writing nothing', async () => {
    const id = ulid();
    const other = ulid();
    const uow = backend.newUnitOfWork();
    uow.put(table(), { ...key(other), version: 1 });
    uow.put(table(), { ...key(id), version: 1 });
    uow.put(table(), { ...key(id), version: 2 });
    const error = await uow.commit().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(AppError);
    expect(await get(id)).toBeUndefined();
    expect(await get(other)).toBeUndefined();
  });

  it('runs after-commit hooks once committed, never after a failure, and a failing hook fails nothing', async () => {
    const id = ulid();
    const ran: string[] = [];
    const ok = backend.newUnitOfWork();
    ok.put(table(), { ...key(id), version: 1 });
    ok.afterCommit(() => {
      throw new Error('counter down');
    });
    ok.afterCommit(() => ran.push('ok'));
    await ok.commit();
    const failing = backend.newUnitOfWork();
    failing.put(table(), { ...key(id), version: 1 }, { expression: 'attribute_not_exists(pk)' });
    failing.afterCommit(() => ran.push('failed'));
    await expect(failing.commit()).rejects.toBeInstanceOf(ConflictError);
    const empty = backend.newUnitOfWork().afterCommit(() => ran.push('empty'));
    await empty.commit();
    expect(ran).toEqual(['ok', 'empty']);
  });

  it('commits once, and holds at most 100 writes', async () => {
    const once = backend.newUnitOfWork();
    once.put(table(), { ...key(ulid()), version: 1 });
    await once.commit();
    await expect(once.commit()).rejects.toThrow('already committed');
    expect(() => once.put(table(), { ...key(ulid()) })).toThrow('already committed');
    const big = backend.newUnitOfWork();
    for (let i = 0; i < 101; i++) big.put(table(), { ...key(ulid()) });
    await expect(big.commit()).rejects.toThrow('at most 100');
  });

  it('rebuilds deferred writes that lost a race, and fails the work when its own write loses', async () => {
    const id = ulid();
    const seed = backend.newUnitOfWork();
    seed.put(table(), { ...key(id), seq: 1 });
    await seed.commit();
    let builds = 0;
    // A deferred write based on a fresh read; the first time, another writer moves the item meanwhile.
    const counter: DeferredWrites = {
      size: 1,
      build: async (): Promise<PendingWrite[]> => {
        builds++;
        const seq = Number((await get(id))?.seq);
        if (builds === 1) {
          const other = backend.newUnitOfWork();
          other.put(table(), { ...key(id), seq: seq + 1 });
          await other.commit();
        }
        return [
          {
            item: {
              Put: {
                TableName: table(),
                Item: { ...key(id), seq: seq + 1 },
                ConditionExpression: '#seq = :seq',
                ExpressionAttributeNames: { '#seq': 'seq' },
                ExpressionAttributeValues: { ':seq': seq },
              },
            },
          },
        ];
      },
    };
    const uow = backend.newUnitOfWork().defer(counter);
    expect(uow.size).toBe(1);
    await uow.commit();
    expect(builds).toBe(2);
    expect((await get(id))?.seq).toBe(3);
  });

  it('chains audit lines after the head, in the same transaction as the change', async () => {
    const personId = ulid();
    const first = backend.newUnitOfWork();
    first.put(table(), { ...key(personId), version: 1 });
    audit(first, actor, { personId, action: 'create', route: 'POST /test', purpose: 'accueil' });
    await first.commit();
    const second = backend.newUnitOfWork();
    audit(second, actor, { personId, action: 'read', route: 'GET /test', purpose: 'accueil' });
    audit(second, actor, { personId, action: 'read', route: 'GET /test', purpose: 'accueil' });
    await second.commit();
    const audits = tableName('platform', 'audit');
    const head = await backend.get(audits, { pk: `PERSON#${personId}`, sk: 'HEAD' });
    expect(head?.seq).toBe(3);
    const third = await backend.get(audits, { pk: `PERSON#${personId}`, sk: 'SEQ#000000000003' });
    const secondLine = await backend.get(audits, { pk: `PERSON#${personId}`, sk: 'SEQ#000000000002' });
    expect(third?.prevHash).toBe(secondLine?.hash);
    expect(head?.hash).toBe(third?.hash);
    // A failing change leaves no audit line.
    const failing = backend.newUnitOfWork();
    failing.put(table(), { ...key(personId), version: 1 }, { expression: 'attribute_not_exists(pk)' });
    audit(failing, actor, { personId, action: 'update', route: 'POST /test', purpose: 'accueil' });
    await expect(failing.commit()).rejects.toBeInstanceOf(ConflictError);
    expect((await backend.get(audits, { pk: `PERSON#${personId}`, sk: 'HEAD' }))?.seq).toBe(3);
  });
});
