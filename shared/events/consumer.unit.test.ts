import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { kernelErrors } from '../errors/catalogue';
import { ConflictError } from '../errors/errors';
import { type ConsumerContext, eventConsumer } from './consumer';
import { defineEvent } from './envelope';

const ddbMock = mockClient(DynamoDBDocumentClient);
const Happened = defineEvent('relais.test', 'Happened', z.object({ id: z.string() }));
const Followed = defineEvent('relais.test', 'Followed', z.object({ id: z.string() }));

function sqs(detail: unknown): SQSEvent {
  return {
    Records: [
      {
        messageId: 'm1',
        body: JSON.stringify({ source: 'relais.test', 'detail-type': 'Happened', detail }),
        attributes: { ApproximateReceiveCount: '2' },
      },
    ],
  } as unknown as SQSEvent;
}

/** The JSON log lines written while `fn` runs (Powertools writes to stdout and stderr). */
async function logLines(fn: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const lines: Array<Record<string, unknown>> = [];
  const capture = (chunk: unknown) => {
    for (const l of String(chunk).split('\n')) if (l.startsWith('{')) lines.push(JSON.parse(l));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  try {
    await fn();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines;
}

beforeAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.RELAIS_DYNAMODB_ENDPOINT ??= 'http://127.0.0.1:1';
});

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(GetCommand).resolves({});
  ddbMock.on(TransactWriteCommand).resolves({});
  ddbMock.on(BatchWriteCommand).resolves({});
});

describe('event consumer (ADR 0020)', () => {
  it('hands the use case the event’s correlation id and its id as cause, and stamps the events it publishes', async () => {
    const incoming = Happened.create({ id: 'x' }, { correlationId: 'CHAIN-1' });
    let seen: ConsumerContext | undefined;
    let published: ReturnType<typeof Followed.create> | undefined;
    const handler = eventConsumer({
      service: 'consumer-test-ok',
      subscription: 'follow',
      table: () => 'table',
      async handle(_event, ctx) {
        seen = ctx;
        published = Followed.create({ id: 'y' });
      },
    });
    const lines = await logLines(() => handler(sqs(incoming.detail), { awsRequestId: 'REQ-9', functionName: 'fn' }));
    expect(seen).toMatchObject({ correlationId: 'CHAIN-1', causationId: incoming.detail.metadata.eventId });
    expect(seen?.trace).toEqual({ correlationId: 'CHAIN-1', causationId: incoming.detail.metadata.eventId });
    expect(published?.detail.metadata).toMatchObject({ correlationId: 'CHAIN-1', causationId: incoming.detail.metadata.eventId });
    expect(lines.find((l) => l.message === 'Event processed')).toMatchObject({
      correlation_id: 'CHAIN-1',
      causation_id: incoming.detail.metadata.eventId,
      function_name: 'fn',
      function_request_id: 'REQ-9',
    });
  });

  it('logs a failure’s cause: the message of the services’ own errors, the name alone otherwise', async () => {
    const incoming = Happened.create({ id: 'x' }, { correlationId: 'CHAIN-2' });
    let failure: Error = new ConflictError({ code: 'test.conflict', title: 'Conflit', detail: 'Cette orientation a changé entre-temps.' });
    const handler = eventConsumer({
      service: 'consumer-test-ko',
      subscription: 'fail',
      table: () => 'table',
      async handle() {
        throw failure;
      },
    });
    let response: unknown;
    const known = await logLines(async () => {
      response = await handler(sqs(incoming.detail), { awsRequestId: 'REQ-1' });
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(known.find((l) => l.message === 'Event handling failed')).toMatchObject({
      subscription: 'fail',
      eventId: incoming.detail.metadata.eventId,
      receiveCount: 2,
      errorName: 'ConflictError',
      errorMessage: 'Cette orientation a changé entre-temps.',
      correlation_id: 'CHAIN-2',
    });

    failure = new Error('Dupont Jeanne, 06 12 34 56 78');
    const unknown = await logLines(() => handler(sqs(incoming.detail), { awsRequestId: 'REQ-2' }));
    const line = unknown.find((l) => l.message === 'Event handling failed');
    expect(line).toMatchObject({ errorName: 'Error' });
    expect(line).not.toHaveProperty('errorMessage');
    expect(JSON.stringify(unknown)).not.toMatch(/Dupont|06 12/);
  });

  it('runs the handler again from the start when its transaction lost a race, and only then', async () => {
    const incoming = Happened.create({ id: 'x' });
    const consumer = (attemptsOnConflict: number | undefined, failures: Error[]) => {
      let calls = 0;
      const handler = eventConsumer({
        service: 'consumer-test-race',
        subscription: 'race',
        table: () => 'table',
        attemptsOnConflict,
        async handle() {
          const failure = failures[calls++];
          if (failure) throw failure;
        },
      });
      return { run: () => handler(sqs(incoming.detail), { awsRequestId: 'REQ-R' }), calls: () => calls };
    };
    const lost = () => kernelErrors.error('version-conflict');

    const patient = consumer(3, [lost(), kernelErrors.error('concurrent-write')]);
    expect(await logLines(patient.run).then(() => patient.calls())).toBe(3);
    // The last attempt wrote nothing but its marker: one marker written, no transaction.
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(1);
    expect(ddbMock.commandCalls(TransactWriteCommand)).toHaveLength(0);

    let response: unknown;
    const exhausted = consumer(3, [lost(), lost(), lost()]);
    await logLines(async () => {
      response = await exhausted.run();
    });
    expect(exhausted.calls()).toBe(3);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });

    // Without the option, and for any other error, one delivery is one attempt.
    const plain = consumer(undefined, [lost()]);
    await logLines(plain.run);
    expect(plain.calls()).toBe(1);
    const other = consumer(3, [new ConflictError({ code: 'test.conflict', title: 'Conflit', detail: 'Déjà fait.' })]);
    await logLines(other.run);
    expect(other.calls()).toBe(1);
  });

  it('reads the markers of a batch at once, skips what was processed, and reads alone what the batch read left out', async () => {
    const events = ['a', 'b', 'c'].map((id) => Happened.create({ id }));
    const [done, fresh, left] = events.map((e) => e.detail.metadata.eventId);
    const marker = (id: string | undefined) => ({ pk: `CONSUMED#batch#${id}`, sk: 'CONSUMED' });
    ddbMock.on(BatchGetCommand).resolves({
      Responses: { table: [marker(done)] },
      UnprocessedKeys: { table: { Keys: [marker(left)] } },
    });
    const handled: string[] = [];
    const handler = eventConsumer({
      service: 'consumer-test-batch',
      subscription: 'batch',
      table: () => 'table',
      sequential: true,
      async handle(event) {
        handled.push(event.detail.metadata.eventId);
      },
    });
    const batch = {
      Records: events.map((e, i) => ({
        messageId: `m${i}`,
        body: JSON.stringify({ source: 'relais.test', 'detail-type': 'Happened', detail: e.detail }),
        attributes: { ApproximateReceiveCount: '1' },
      })),
    } as unknown as SQSEvent;
    let response: unknown;
    await logLines(async () => {
      response = await handler(batch, { awsRequestId: 'REQ-B' });
    });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([fresh, left]);
    const reads = ddbMock.commandCalls(BatchGetCommand);
    expect(reads).toHaveLength(1);
    expect(reads[0]?.args[0].input.RequestItems?.table).toEqual({
      Keys: [marker(done), marker(fresh), marker(left)],
      ConsistentRead: true,
    });
    // Only the key the batch read left unprocessed is read on its own.
    expect(ddbMock.commandCalls(GetCommand).map((c) => c.args[0].input.Key)).toEqual([marker(left)]);
    // Neither handling wrote anything: their two markers in one BatchWriteItem, no transaction.
    expect(ddbMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
    const markers = ddbMock
      .commandCalls(BatchWriteCommand)
      .map((c) => c.args[0].input.RequestItems?.table?.map((r) => r.PutRequest?.Item?.pk));
    expect(markers).toEqual([[marker(fresh).pk, marker(left).pk]]);
  });

  it('commits the marker with the effect, and gives back the messages whose marker alone could not be written', async () => {
    const events = ['a', 'b', 'c'].map((id) => Happened.create({ id }));
    const [effect, quiet, unlucky] = events.map((e) => e.detail.metadata.eventId);
    const marker = (id: string | undefined) => ({ pk: `CONSUMED#mixed#${id}`, sk: 'CONSUMED' });
    ddbMock.on(BatchGetCommand).resolves({ Responses: { table: [] } });
    // DynamoDB keeps leaving one marker unprocessed.
    ddbMock.on(BatchWriteCommand).callsFake(async () => ({
      UnprocessedItems: { table: [{ PutRequest: { Item: { ...marker(unlucky) } } }] },
    }));
    const handler = eventConsumer({
      service: 'consumer-test-mixed',
      subscription: 'mixed',
      table: () => 'table',
      async handle(event, { uow }) {
        if (event.detail.metadata.eventId === effect) uow.put('table', { pk: 'EFFECT', sk: 'X' });
      },
    });
    const batch = {
      Records: events.map((e, i) => ({
        messageId: `m${i}`,
        body: JSON.stringify({ source: 'relais.test', 'detail-type': 'Happened', detail: e.detail }),
        attributes: { ApproximateReceiveCount: '1' },
      })),
    } as unknown as SQSEvent;
    let response: unknown;
    await logLines(async () => {
      response = await handler(batch, { awsRequestId: 'REQ-M' });
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    const transactions = ddbMock.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems?.map((t) => t.Put?.Item?.pk));
    expect(transactions).toEqual([['EFFECT', marker(effect).pk]]);
    const writes = ddbMock
      .commandCalls(BatchWriteCommand)
      .map((c) => c.args[0].input.RequestItems?.table?.map((r) => r.PutRequest?.Item?.pk));
    // The first call holds both quiet markers; the retries only the one left unprocessed.
    expect(writes[0]).toEqual([marker(quiet).pk, marker(unlucky).pk]);
    expect(writes.slice(1).every((w) => w?.length === 1 && w[0] === marker(unlucky).pk)).toBe(true);
    expect(writes.length).toBeGreaterThan(1);
  });
});
