import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalQueueRunner, type QueueDeadLetter } from './queues';

/** A queue handler that fails messages `{ fail: n }` for their first n deliveries, recording what it saw. */
function handlerModule(): { dir: string; calls: () => Array<{ ids: string[]; receiveCounts: string[] }> } {
  const dir = mkdtempSync(join(tmpdir(), 'relais-queue-'));
  const key = `__queueCalls_${Math.random().toString(36).slice(2)}`;
  writeFileSync(
    join(dir, 'handler.js'),
    `const calls = (globalThis['${key}'] = []);
     exports.handler = async (event) => {
       calls.push({ ids: event.Records.map((r) => JSON.parse(r.body).id),
                    receiveCounts: event.Records.map((r) => r.attributes.ApproximateReceiveCount) });
       return { batchItemFailures: event.Records
         .filter((r) => Number(r.attributes.ApproximateReceiveCount) <= (JSON.parse(r.body).fail ?? 0))
         .map((r) => ({ itemIdentifier: r.messageId })) };
     };`,
  );
  return { dir, calls: () => (globalThis as Record<string, unknown>)[key] as Array<{ ids: string[]; receiveCounts: string[] }> };
}

const runner = (dir: string, letters: QueueDeadLetter[] = [], batchSize = 2) =>
  new LocalQueueRunner({
    repoRoot: dir,
    retryBaseMs: 1,
    queues: [{ service: 'svc', decl: { id: 'q', handler: 'handler.js', description: '', batchSize, maxReceiveCount: 3 } }],
    onDeadLetter: async (letter) => {
      letters.push(letter);
    },
  });

describe('local work queues', () => {
  it('hands messages to the handler in order, in batches of at most the declared size', async () => {
    const h = handlerModule();
    const queues = runner(h.dir);
    for (const id of ['a', 'b', 'c', 'd']) await queues.send('svc', 'q', JSON.stringify({ id }));
    await queues.idle();
    expect(h.calls().flatMap((c) => c.ids)).toEqual(['a', 'b', 'c', 'd']);
    for (const call of h.calls()) {
      expect(call.ids.length).toBeLessThanOrEqual(2);
      expect(call.receiveCounts.every((n) => n === '1')).toBe(true);
    }
  });

  it('retries a failed message and only it, then dead-letters it after maxReceiveCount deliveries', async () => {
    const h = handlerModule();
    const letters: QueueDeadLetter[] = [];
    const queues = runner(h.dir, letters, 10);
    await queues.send('svc', 'q', JSON.stringify({ id: 'ok' }));
    await queues.send('svc', 'q', JSON.stringify({ id: 'flaky', fail: 1 }));
    await queues.send('svc', 'q', JSON.stringify({ id: 'poison', fail: 99 }));
    await queues.idle();
    const deliveries = (id: string) => h.calls().flatMap((c) => c.ids.filter((i) => i === id)).length;
    expect([deliveries('ok'), deliveries('flaky'), deliveries('poison')]).toEqual([1, 2, 3]);
    expect(letters).toEqual([{ service: 'svc', queue: 'q', attempts: 3, error: 'batchItemFailure' }]);
  });

  it('refuses an unknown queue', async () => {
    await expect(runner(handlerModule().dir).send('svc', 'nope', '{}')).rejects.toThrow(/Unknown queue/);
  });
});
