/**
 * The outbox relay on AWS keeps up with a burst of writes (issue 19, point 4; ADR 0049): each
 * outbox table's stream is read 100 records at a time, four batches per shard at once, and a
 * poison record is still isolated (bisect) and recorded (on-failure queue) without blocking it.
 */
import { type Json, type Synthesised, relaisFunctions, resourcesOf, synthRelaisShared } from './support';

let synth: Synthesised;
beforeAll(() => {
  synth = synthRelaisShared();
});

describe('the outbox relays’ stream event sources', () => {
  it('read 100 records a batch, four batches per shard at once, from the oldest record, bisecting and recording failures', () => {
    const relays = [...relaisFunctions(synth.stateless)].filter(([, f]) => f.props.tags['relais:trigger'] === 'relay');
    expect(relays.length).toBeGreaterThan(3);
    const mappings = Object.values(resourcesOf(synth.stateless, 'AWS::Lambda::EventSourceMapping')) as Json[];
    for (const [key, relay] of relays) {
      const own = mappings.filter((m) => m.Properties.FunctionName?.Ref === relay.logicalId);
      expect([key, own.length]).toEqual([key, 1]);
      expect([key, own[0].Properties]).toEqual([
        key,
        expect.objectContaining({
          BatchSize: 100,
          ParallelizationFactor: 4,
          StartingPosition: 'TRIM_HORIZON',
          BisectBatchOnFunctionError: true,
          DestinationConfig: { OnFailure: { Destination: expect.anything() } },
        }),
      ]);
    }
  });
});
