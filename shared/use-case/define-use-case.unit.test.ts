import * as z from 'zod';
import type { Actor } from '../auth/actor';
import type { UnitOfWork } from '../dynamo/unit-of-work';
import { AppError } from '../errors/errors';
import { defineEvent } from '../events/envelope';
import { publishInTransaction } from '../events/outbox';
import { MemoryDatabase } from '../testing/memory-database';
import { MemoryUnitOfWork } from '../testing/memory-unit-of-work';
import { defineUseCase } from './define-use-case';

const TABLE = 'memory-test-main';
const Named = defineEvent('relais.test', 'Named', z.object({ id: z.string() }));
const Other = defineEvent('relais.test', 'Other', z.object({ id: z.string() }));
const agent: Actor = { id: 'U1', name: 'Agent', email: null, roles: ['accueil'], organisationId: 'ORG1', siteId: null };
const pilot: Actor = { ...agent, id: 'U2', roles: ['pilote'] };
const NOW = new Date('2026-03-02T10:00:00.000Z');

function setup() {
  const database = new MemoryDatabase();
  const deps = {
    clock: { now: () => NOW },
    newUnitOfWork: () => new MemoryUnitOfWork(database),
    repository: {
      publish: (uow: UnitOfWork, event: Parameters<typeof publishInTransaction>[2]) => publishInTransaction(uow, TABLE, event),
    },
  };
  const name = defineUseCase({
    name: 'test.name',
    input: z.strictObject({ id: z.string().min(2), label: z.string().trim().min(1) }),
    action: 'person.record',
    emits: [Named],
    async run({ input, uow, emit, now }) {
      uow.put(
        TABLE,
        { pk: `THING#${input.id}`, sk: 'THING', label: input.label, at: now.toISOString() },
        { expression: 'attribute_not_exists(pk)' },
      );
      const event = emit(Named, { id: input.id });
      return { id: input.id, eventId: event.detail.metadata.eventId };
    },
  })(deps);
  const outbox = () => database.all(TABLE).filter((i) => String(i.pk).startsWith('OUTBOX#'));
  return { database, deps, name, outbox };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('defineUseCase', () => {
  it('parses the input and lists every bad field, writing nothing', async () => {
    const { name, database } = setup();
    const error = await failure(name.execute({ id: 'x', label: '  ', extra: 1 } as never, agent));
    expect(error.status).toBe(400);
    expect(error.code).toBe('kernel.validation');
    expect(error.errors?.map((e) => e.path).sort()).toEqual(['body.extra', 'body.id', 'body.label']);
    expect(database.all(TABLE)).toEqual([]);
  });

  it('checks the policy’s role gate before running', async () => {
    const { name, database } = setup();
    const error = await failure(name.execute({ id: 'a1', label: 'x' }, pilot));
    expect(error.status).toBe(403);
    expect(error.code).toBe('kernel.forbidden');
    expect(database.all(TABLE)).toEqual([]);
  });

  it('opens its own unit of work and commits the state with its event, stamped with the clock and the correlation id', async () => {
    const { name, database, outbox } = setup();
    const out = await name.execute({ id: 'a1', label: ' Première ' }, agent, { correlationId: 'corr-1' });
    expect(database.get(TABLE, { pk: 'THING#a1', sk: 'THING' })).toMatchObject({ label: 'Première', at: NOW.toISOString() });
    const [event] = outbox();
    expect(event?.detailType).toBe('Named');
    const detail = JSON.parse(String(event?.detail));
    expect(detail.metadata).toMatchObject({ eventId: out.eventId, correlationId: 'corr-1', occurredAt: NOW.toISOString() });
  });

  it('joins the caller’s unit of work without committing it (a route handler commits with its idempotency record)', async () => {
    const { name, database, deps } = setup();
    const uow = deps.newUnitOfWork();
    await name.execute({ id: 'a2', label: 'x' }, agent, { uow });
    expect(database.all(TABLE)).toEqual([]);
    await uow.commit();
    expect(database.all(TABLE)).toHaveLength(2);
  });

  it('writes nothing when the commit fails (the event goes with the state)', async () => {
    const { name, database } = setup();
    await name.execute({ id: 'a3', label: 'x' }, agent);
    const error = await failure(name.execute({ id: 'a3', label: 'y' }, agent));
    expect(error.status).toBe(409);
    expect(database.all(TABLE)).toHaveLength(2);
  });

  it('requires an actor unless the use case says otherwise', async () => {
    const { deps, database } = setup();
    const scheduled = defineUseCase({
      name: 'test.scheduled',
      input: z.object({}),
      actor: 'none',
      async run({ uow, actor }) {
        uow.put(TABLE, { pk: 'RUN#1', sk: 'RUN', by: actor?.id ?? 'schedule' });
        return 'done';
      },
    })(deps);
    expect(await scheduled.execute({}, null)).toBe('done');
    expect(database.get(TABLE, { pk: 'RUN#1', sk: 'RUN' })?.by).toBe('schedule');
    const { name } = setup();
    expect((await failure(name.execute({ id: 'a4', label: 'x' }, null as never))).status).toBe(401);
  });

  it('refuses to announce an event the use case does not declare', async () => {
    const { deps, database } = setup();
    const sloppy = defineUseCase({
      name: 'test.sloppy',
      input: z.object({}),
      emits: [Named],
      async run({ emit, uow }) {
        uow.put(TABLE, { pk: 'S#1', sk: 'S' });
        emit(Other, { id: '1' });
      },
    })(deps);
    await expect(sloppy.execute({}, agent)).rejects.toThrow('does not declare');
    expect(database.all(TABLE)).toEqual([]);
  });
});
