/**
 * Recovery of the local stack after a crash (issue 12, point 8; ADR 0015): a transaction is
 * acknowledged only once DynamoDB Local has committed it, the API answers while the events a
 * crashed run left pending are still being republished, and a partner notification that went
 * out just before a crash is not sent again when the queue redelivers its event.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { freePort } from '../../infra/local/dynamodb-local';
import type { LocalStack } from '../../infra/local/stack';
import { ensureTables, localTables } from '../../infra/local/tables';
import { DEMO_ORGANISATIONS } from '../../services/directory/demo/lot-demo';
import { SERVICES } from '../../services/index';
import { notificationDeps } from '../../services/notifications/partners/notifications.deps';
import { DELIVERY_LEASE_MS } from '../../services/notifications/partners/notify-partner.use-case';
import { ddb, localAccessKey } from '../../shared/dynamo/client';
import { defineEvent } from '../../shared/events/envelope';
import { OUTBOX_INDEX, outboxItem } from '../../shared/events/outbox';
import { apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(120_000);

const endpoint = () => process.env.RELAIS_TEST_DYNAMODB_ENDPOINT ?? '';
const rawClient = () =>
  new DynamoDBClient({
    endpoint: endpoint(),
    region: 'eu-west-3',
    // The file's own database in the run's DynamoDB Local (test/support/env.ts).
    credentials: { accessKeyId: localAccessKey(), secretAccessKey: 'relaislocal' },
  });

describe('a transaction on DynamoDB Local', () => {
  let stack: LocalStack | undefined;

  afterAll(async () => {
    await stack?.stop();
  });

  // DynamoDB Local answers TransactWriteItems before running its SQLite COMMIT; a ListTables
  // queued behind it answers only after it has run (ADR 0015). The kill -9 measurement itself
  // is scripts/dynamodb-kill-test.ts.
  it('is acknowledged only after a ListTables sent behind it has answered', async () => {
    stack = await startTestStack({ seedDemo: false });
    const table = localTables(SERVICES, stack.tablePrefix).find((t) => t.service === 'directory' && t.decl.name === 'main')!.name;
    const seen: string[] = [];
    const client = ddb();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        seen.push(`${context.commandName} answered`);
        return out;
      },
      { step: 'initialize', name: 'recordAnswers', priority: 'low' },
    );
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: table, Item: { pk: 'DURABILITY#probe', sk: 'PROBE' } } }],
        }),
      );
      seen.push('send resolved');
    } finally {
      client.middlewareStack.remove('recordAnswers');
    }
    expect(seen).toEqual(['TransactWriteItemsCommand answered', 'ListTablesCommand answered', 'send resolved']);
  });
});

describe('a backlog of pending events at start', () => {
  // Large enough that the relay (five batches at once since ADR 0049) is still replaying when the
  // API first answers: alone on this machine, 846 and 992 of them were still pending then. 5,000
  // cost a full run about 220 s of CPU, most of it DynamoDB Local's, for nothing more.
  const BACKLOG = 1500;
  const tablePrefix = `t${randomBytes(4).toString('hex')}`;
  const directoryTable = localTables(SERVICES, tablePrefix).find((t) => t.service === 'directory' && t.decl.name === 'main')!.name;
  const doc = DynamoDBDocumentClient.from(rawClient());
  let stack: LocalStack | undefined;

  const pending = async (): Promise<number> => {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName: directoryTable,
          IndexName: OUTBOX_INDEX,
          KeyConditionExpression: 'outboxPending = :p',
          ExpressionAttributeValues: { ':p': 'PENDING' },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += out.Count ?? 0;
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return count;
  };

  beforeAll(async () => {
    // What a run killed after a load test leaves: the tables, and events written but never published.
    const client = rawClient();
    await ensureTables(client, localTables(SERVICES, tablePrefix));
    client.destroy();
    const probe = defineEvent('relais.test', 'BacklogProbe', z.object({ n: z.number() }));
    const items = Array.from({ length: BACKLOG }, (_, n) => outboxItem(probe.create({ n })));
    for (let i = 0; i < items.length; i += 25) {
      await doc.send(
        new BatchWriteCommand({ RequestItems: { [directoryTable]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
    expect(await pending()).toBe(BACKLOG);
  });

  afterAll(async () => {
    await stack?.stop();
    doc.destroy();
  });

  it('answers /api/health while the backlog is still being replayed, then reports it drained', async () => {
    const port = await freePort();
    const starting = startTestStack({ port, tablePrefix, seedDemo: false });
    starting.catch(() => undefined);
    let first: { body: { backlog?: { state: string; replayed: number } }; pendingThen: number } | undefined;
    // A stack's start takes seconds alone, over a minute on a loaded machine (a full run in CI).
    const deadline = Date.now() + 150_000;
    while (!first && Date.now() < deadline) {
      try {
        const res = await fetch(`http://localhost:${port}/api/health`);
        if (res.status === 200) first = { body: (await res.json()) as NonNullable<typeof first>['body'], pendingThen: await pending() };
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    stack = await starting;
    expect(first).toBeDefined();
    // The API answered with part of the backlog still to publish.
    expect(first!.pendingThen).toBeGreaterThan(0);
    expect(first!.body.backlog?.state).toBe('replaying');

    expect(await stack.backlogDrained).toBe(BACKLOG);
    expect(await pending()).toBe(0);
    const after = await apiClient(stack.url).call('GET', '/api/health');
    expect(after.body).toMatchObject({ status: 'ok', mode: 'local', backlog: { state: 'drained', replayed: BACKLOG } });
  }, 240_000);
});

describe('a partner notification sent just before a crash', () => {
  const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
  const ccas = DEMO_ORGANISATIONS.find((o) => o.name === 'CCAS de Cahors')!;
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** The notifier's queue message for an EventBridge event, as SQS hands it to the Lambda. */
  const sqsMessage = (event: { source: string; detailType: string; detail: unknown }, receiveCount: number): SQSEvent => ({
    Records: [
      {
        messageId: `m-${receiveCount}`,
        receiptHandle: `r-${receiveCount}`,
        body: JSON.stringify({
          version: '0',
          id: `bus-${receiveCount}`,
          'detail-type': event.detailType,
          source: event.source,
          account: '000000000000',
          time: new Date().toISOString(),
          region: 'eu-west-3',
          resources: [],
          detail: event.detail,
        }),
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:notifications-notifyPartner',
        awsRegion: 'eu-west-3',
      },
    ],
  });

  it('is not sent again when the queue redelivers its ReferralSent event after the crash', async () => {
    const { handler } = require('../../services/notifications/handlers/notify-partner.consumer') as {
      handler: (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;
    };
    const sentAt = new Date();
    const event = defineEvent('relais.intake', 'ReferralSent', z.record(z.string(), z.unknown())).create({
      referralId: '01K5REFERRALCRASH000000000',
      fromOrganisationId: ccas.id,
      toOrganisationId: caf.id,
      themes: ['numerique'],
      urgency: 'normal',
      sentAt: sentAt.toISOString(),
      expiresAt: new Date(sentAt.getTime() + 8 * 86_400_000).toISOString(),
      personId: '01K5PERSON0000000000000000',
    });
    const { eventId } = event.detail.metadata;
    const devOutbox = localTables(SERVICES, stack.tablePrefix).find((t) => t.decl.name === 'devoutbox')!.name;

    // First delivery: the process dies the moment the partner's message is in the outbox. From
    // then on nothing it does reaches the database, as after a kill -9.
    let dead = false;
    const client = ddb();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (dead) throw Object.assign(new Error('process killed'), { name: 'SimulatedCrash' });
        const out = await next(args);
        const input = JSON.stringify(args.input);
        if (context.commandName !== 'QueryCommand' && input.includes(devOutbox) && input.includes('notification')) dead = true;
        return out;
      },
      { step: 'initialize', name: 'simulatedCrash' },
    );
    let first: SQSBatchResponse;
    try {
      first = await handler(sqsMessage(event, 1), { awsRequestId: 'first' });
    } finally {
      client.middlewareStack.remove('simulatedCrash');
    }
    expect(dead).toBe(true);
    expect(first.batchItemFailures).toHaveLength(1);

    const api = apiClient(stack.url);
    const token = await api.token('pilote');
    const notifications = async () => {
      const res = await api.call('GET', '/api/dev/outbox?channel=notification&limit=200', { token });
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ to: string; payload: { eventId: string } }>).filter((i) => i.payload.eventId === eventId);
    };
    expect(await notifications()).toHaveLength(1);

    // The queue redelivers the event once the dead run's message is visible again: past its lease.
    const clock = notificationDeps().clock;
    const realNow = clock.now;
    clock.now = () => new Date(Date.now() + DELIVERY_LEASE_MS + 5_000);
    try {
      const second = await handler(sqsMessage(event, 2), { awsRequestId: 'second' });
      expect(second.batchItemFailures).toEqual([]);
      const third = await handler(sqsMessage(event, 3), { awsRequestId: 'third' });
      expect(third.batchItemFailures).toEqual([]);
    } finally {
      clock.now = realNow;
    }

    const told = await notifications();
    expect(told).toHaveLength(1);
    expect(told[0]!.to).toBe(caf.id);
  });
});
