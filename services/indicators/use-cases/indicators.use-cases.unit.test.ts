import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { countsKey, type Item, type Op, project } from '../domain/aggregates';
import { type Fact, personKey, toFact } from '../domain/facts';
import { MemoryStore } from '../store/aggregate-store';
import { makeConsumeFact } from './indicators.use-cases';

const NOW = new Date('2026-06-30T12:00:00Z');
let seq = 0;
function fact(source: string, detailType: string, data: Record<string, unknown>): Fact {
  seq++;
  const f = toFact(source, detailType, { metadata: { eventId: `E${String(seq).padStart(4, '0')}`, occurredAt: NOW.toISOString() }, data });
  if (!f) throw new Error(detailType);
  return f;
}

/** The consumer's use-case on an in-memory table: each fact's writes applied all or none. */
function consumer(store: MemoryStore, options: { transactions?: number[]; crashBeforeLast?: { once: boolean } } = {}) {
  const consume = makeConsumeFact({
    async commit(items) {
      options.transactions?.push(items.length);
      store.apply(items as unknown as Op[]);
    },
    reader: Object.assign(store, { batchGet: async () => new Map<string, Item>(), latestCensus: async () => undefined }),
    table: () => 'indicators',
    toTransactItem: (_table, op) => op as never,
    populations: () => 0,
    departementPopulation: () => 0,
    communeName: (code) => code,
    now: () => NOW,
  });
  return async (f: Fact) => {
    const ops: Op[] = [];
    const applied = await consume(f, { add: (op: Op) => ops.push(op) } as unknown as UnitOfWork);
    if (options.crashBeforeLast?.once) {
      options.crashBeforeLast.once = false;
      throw new Error('crash');
    }
    options.transactions?.push(ops.length);
    store.apply(ops);
    return applied;
  };
}

const dump = (store: MemoryStore) => JSON.stringify([...store.items.values()], (_k, v) => (v instanceof Set ? [...v] : v));

const parcours = [
  () =>
    fact('relais.parcours', 'ParcoursOpened', {
      parcoursId: 'PA',
      personId: 'P-secret',
      referentUserId: 'U',
      referentOrganisationId: 'O1',
      openedAt: '2026-02-01T00:00:00Z',
    }),
  () =>
    fact('relais.parcours', 'ParcoursMemberAdded', {
      parcoursId: 'PA',
      personId: 'P-secret',
      memberId: 'M',
      organisationId: 'O2',
      role: 'x',
      at: '2026-02-02T00:00:00Z',
    }),
];

describe('consuming facts', () => {
  it('journals each fact once: the same event again changes nothing', async () => {
    const store = new MemoryStore();
    const consume = consumer(store);
    const opened = parcours[0]!();
    expect(await consume(opened)).toBe(true);
    const before = dump(store);
    expect(await consume(opened)).toBe(false);
    expect(dump(store)).toBe(before);
  });

  it('a training of 120 professionals commits in transactions under 100 writes, and a crash midway counts no one twice', async () => {
    const store = new MemoryStore();
    const transactions: number[] = [];
    const crash = { once: true };
    const consume = consumer(store, { transactions, crashBeforeLast: crash });
    const keys = Array.from({ length: 120 }, (_, i) => `pro-${i}`);
    const training = fact('relais.directory', 'NetworkEventRecorded', {
      networkEventId: 'N1',
      kind: 'formation',
      date: '2026-05-01',
      change: 'created',
      participantKeys: keys,
      organisationIds: [],
    });
    await expect(consume(training)).rejects.toThrow('crash');
    expect((await store.get(countsKey(2026)))?.professionals).toBeGreaterThan(0);
    expect(await consume(training)).toBe(true);
    const counts = await store.get(countsKey(2026));
    expect(counts).toMatchObject({ professionals: 120, 'participations:formation': 120, 'tools:formation': 1 });
    expect(Math.max(...transactions)).toBeLessThanOrEqual(100);
    expect(await consume(training)).toBe(false);
    expect((await store.get(countsKey(2026)))?.professionals).toBe(120);
  });

  it('an erased person leaves no hash behind, and the counts — and a replay of the journal — stay the same', async () => {
    const store = new MemoryStore();
    const consume = consumer(store);
    for (const make of parcours) await consume(make());
    const hash = personKey('P-secret');
    expect(dump(store)).toContain(hash);
    const persons = (await store.get(countsKey(2026)))?.persons;
    expect(persons).toBe(1);

    await consume(fact('relais.intake', 'PersonErased', { personId: 'P-secret', at: '2026-07-01T00:00:00Z' }));
    expect(dump(store)).not.toContain(hash);
    expect((await store.get(countsKey(2026)))?.persons).toBe(1);

    // The rebuild's replay of the rewritten journal counts the same.
    const replay = new MemoryStore();
    const journal = [...store.items.values()].filter((i) => i.pk.startsWith('JOURNAL#')).sort((a, b) => (a.sk < b.sk ? -1 : 1));
    expect(journal).toHaveLength(2);
    for (const entry of journal) {
      const f = { type: entry.type, eventId: entry.sk, occurredAt: entry.occurredAt, data: JSON.parse(String(entry.data)) } as Fact;
      replay.apply(await project(f, { reader: replay, populations: () => 0 }));
    }
    expect((await replay.get(countsKey(2026)))?.persons).toBe(1);
    expect((await replay.get(countsKey(2026)))?.partners).toBe(1);
  });
});
