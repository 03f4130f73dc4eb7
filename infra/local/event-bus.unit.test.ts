import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeadLetter, LocalEventBus } from './event-bus';

/** A consumer that fails its first `failures` deliveries of each message, recording what it saw. */
function consumerModule(failures: number): { dir: string; calls: () => Array<{ ids: string[]; receiveCounts: string[] }> } {
  const dir = mkdtempSync(join(tmpdir(), 'relais-bus-'));
  const key = `__busCalls_${Math.random().toString(36).slice(2)}`;
  writeFileSync(
    join(dir, 'consumer.js'),
    `const calls = (globalThis['${key}'] = []);
     exports.handler = async (event) => {
       calls.push({ ids: event.Records.map((r) => JSON.parse(r.body).detail.metadata.eventId),
                    receiveCounts: event.Records.map((r) => r.attributes.ApproximateReceiveCount) });
       return { batchItemFailures: event.Records
         .filter((r) => Number(r.attributes.ApproximateReceiveCount) <= ${failures} && JSON.parse(r.body).detail.data.fail)
         .map((r) => ({ itemIdentifier: r.messageId })) };
     };`,
  );
  return { dir, calls: () => (globalThis as Record<string, unknown>)[key] as Array<{ ids: string[]; receiveCounts: string[] }> };
}

const entry = (eventId: string, fail = false, detailType = 'SiteChanged') => ({
  source: 'relais.directory',
  detailType,
  detail: JSON.stringify({ metadata: { eventId, occurredAt: '2026-01-01T00:00:00Z', correlationId: eventId, version: 1 }, data: { fail } }),
});

describe('local event bus', () => {
  it('delivers matching events as one SQS batch and skips the others', async () => {
    const consumer = consumerModule(0);
    const bus = new LocalEventBus({
      repoRoot: consumer.dir,
      subscriptions: [
        { service: 'x', decl: { id: 's', pattern: { 'detail-type': ['SiteChanged'] }, handler: 'consumer.js', description: '' } },
      ],
    });
    await bus.publish([entry('e1'), entry('e2'), entry('e3', false, 'OrganisationChanged')]);
    expect(consumer.calls()).toEqual([{ ids: ['e1', 'e2'], receiveCounts: ['1', '1'] }]);
  });

  it('retries only the failed messages, then succeeds', async () => {
    const consumer = consumerModule(2);
    const letters: DeadLetter[] = [];
    const bus = new LocalEventBus({
      repoRoot: consumer.dir,
      retryBaseMs: 1,
      subscriptions: [
        { service: 'x', decl: { id: 's', pattern: { source: ['relais.directory'] }, handler: 'consumer.js', description: '' } },
      ],
      onDeadLetter: async (l) => {
        letters.push(l);
      },
    });
    await bus.publish([entry('ok'), entry('flaky', true)]);
    expect(consumer.calls()).toEqual([
      { ids: ['ok', 'flaky'], receiveCounts: ['1', '1'] },
      { ids: ['flaky'], receiveCounts: ['2'] },
      { ids: ['flaky'], receiveCounts: ['3'] },
    ]);
    expect(letters).toEqual([]);
  });

  it('records a dead letter after maxReceiveCount failed deliveries', async () => {
    const consumer = consumerModule(99);
    const letters: DeadLetter[] = [];
    const bus = new LocalEventBus({
      repoRoot: consumer.dir,
      retryBaseMs: 1,
      subscriptions: [
        {
          service: 'x',
          decl: { id: 's', pattern: { source: ['relais.directory'] }, handler: 'consumer.js', description: '', maxReceiveCount: 3 },
        },
      ],
      onDeadLetter: async (l) => {
        letters.push(l);
      },
    });
    await bus.publish([entry('doomed', true)]);
    expect(consumer.calls()).toHaveLength(3);
    expect(letters).toEqual([
      { service: 'x', subscription: 's', eventId: 'doomed', detailType: 'SiteChanged', attempts: 3, error: 'batchItemFailure' },
    ]);
  });

  it('handles up to five batches of a subscription at once, across publications, like the SQS event source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-bus-'));
    const key = `__busSlots_${Math.random().toString(36).slice(2)}`;
    writeFileSync(
      join(dir, 'slow.js'),
      `const s = (globalThis['${key}'] = { inFlight: 0, most: 0, ids: [] });
       exports.handler = async (event) => {
         s.inFlight++; s.most = Math.max(s.most, s.inFlight);
         await new Promise((r) => setTimeout(r, 20));
         for (const r of event.Records) s.ids.push(JSON.parse(r.body).detail.metadata.eventId);
         s.inFlight--;
         return { batchItemFailures: [] };
       };`,
    );
    const bus = new LocalEventBus({
      repoRoot: dir,
      subscriptions: [{ service: 'x', decl: { id: 's', pattern: { source: ['relais.directory'] }, handler: 'slow.js', description: '' } }],
    });
    const ids = Array.from({ length: 120 }, (_, i) => `e${i}`);
    // Two publications at once (a relay round and the sweep, say): 12 batches, five slots in all.
    await Promise.all([bus.publish(ids.slice(0, 70).map((id) => entry(id))), bus.publish(ids.slice(70).map((id) => entry(id)))]);
    const seen = (globalThis as Record<string, unknown>)[key] as { most: number; ids: string[] };
    expect(seen.most).toBe(5);
    expect([...seen.ids].sort()).toEqual([...ids].sort());
  });
});
