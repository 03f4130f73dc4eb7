import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { type BusEntry, EventBridgePublisher } from './relay';

// EventBridge has no local runtime: its client is mocked (the local stack has its own bus).
const eventBridge = mockClient(EventBridgeClient);

const entries = (n: number): BusEntry[] =>
  Array.from({ length: n }, (_, i) => ({ source: 'relais.test', detailType: 'Happened', detail: JSON.stringify({ i }) }));

beforeEach(() => eventBridge.reset());

describe('the EventBridge publisher of the relay', () => {
  it('sends a relay batch as PutEvents of ten entries at most, all under way at once', async () => {
    let inFlight = 0;
    let most = 0;
    eventBridge.on(PutEventsCommand).callsFake(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 10));
      inFlight--;
      return { FailedEntryCount: 0, Entries: [] };
    });
    await new EventBridgePublisher(new EventBridgeClient({ region: 'eu-west-3' }), 'bus').publish(entries(25));
    const calls = eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(calls.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(calls.flat().map((e) => JSON.parse(e.Detail ?? '{}').i)).toEqual([...Array(25).keys()]);
    expect(calls.flat().every((e) => e.EventBusName === 'bus')).toBe(true);
    expect(most).toBe(3);
  });

  it('fails the batch when EventBridge refuses an entry, so that the relay retries it', async () => {
    eventBridge.on(PutEventsCommand).resolvesOnce({ FailedEntryCount: 0 }).resolves({ FailedEntryCount: 1 });
    await expect(new EventBridgePublisher(new EventBridgeClient({ region: 'eu-west-3' }), 'bus').publish(entries(12))).rejects.toThrow(
      'EventBridge refused 1 of 2 events',
    );
  });
});
