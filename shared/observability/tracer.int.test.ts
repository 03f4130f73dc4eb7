/**
 * X-Ray without the X-Ray SDK (ADR 0025): a UDP socket plays the daemon Lambda runs beside the
 * function, and the documents it receives are checked against the daemon's format — the handler's
 * subsegment under the function's segment, and one subsegment per DynamoDB call (made for real on
 * DynamoDB Local) under the handler's.
 */
import { createSocket, type Socket } from 'node:dgram';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { intakeService } from '../../services/intake/service';
import { tableName } from '../config/settings';
import { rawClientConfig } from '../dynamo/client';
import { withDynamoLocalTables } from '../testing/tables';
import { daemonAddress, parseTraceHeader, traceClient, traceHandler } from './tracer';

withDynamoLocalTables(intakeService);

const ROOT = '1-675a1b2c-0123456789abcdef01234567';
const PARENT = '53995c3f42cd8ad8';

describe('X-Ray tracing on Lambda', () => {
  let daemon: Socket;
  let received: Record<string, unknown>[];

  beforeAll(async () => {
    daemon = createSocket('udp4');
    received = [];
    daemon.on('message', (message) => {
      const [header, body] = message.toString().split('\n');
      expect(JSON.parse(header as string)).toEqual({ format: 'json', version: 1 });
      received.push(JSON.parse(body as string));
    });
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    daemon.close();
  });
  beforeEach(() => {
    received = [];
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'relais-test-intake';
    process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${daemon.address().port}`;
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
  });
  afterEach(() => {
    for (const name of ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_XRAY_DAEMON_ADDRESS', '_X_AMZN_TRACE_ID']) delete process.env[name];
  });

  const documents = async (count: number) => {
    for (let i = 0; i < 100 && received.length < count; i++) await new Promise((r) => setTimeout(r, 20));
    return received;
  };

  it('sends the handler and each SDK call as subsegments, failures flagged by name only', async () => {
    const client = traceClient(new DynamoDBClient(rawClientConfig()));
    const table = tableName('intake', 'main');
    await traceHandler('intake', 'searchPersons', async () => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'TRACE#1' }, sk: { S: 'X' } } }));
      await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'TRACE#1' }, sk: { S: 'X' } } }));
    });
    await expect(
      traceHandler('intake', 'searchPersons', async () => {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: { S: 'TRACE#1' }, sk: { S: 'X' } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      }),
    ).rejects.toThrow();
    const docs = await documents(5);
    client.destroy();

    const handlers = docs.filter((d) => d.name === '## intake.searchPersons');
    const calls = docs.filter((d) => d.namespace === 'aws');
    expect(handlers).toHaveLength(2);
    expect(calls).toHaveLength(3);
    for (const h of handlers) expect(h).toMatchObject({ type: 'subsegment', trace_id: ROOT, parent_id: PARENT });
    expect(handlers[0]).toMatchObject({ annotations: { ColdStart: true, service: 'intake' } });
    expect(handlers[0]).not.toHaveProperty('fault');
    expect(handlers[1]).toMatchObject({ fault: true, annotations: { ColdStart: false, errorName: 'ConditionalCheckFailedException' } });
    const [put, get, refused] = calls;
    expect(put).toMatchObject({
      name: 'DynamoDB',
      parent_id: handlers[0]?.id,
      aws: { operation: 'PutItem', table_name: table },
      http: { response: { status: 200 } },
    });
    expect(get).toMatchObject({ parent_id: handlers[0]?.id, aws: { operation: 'GetItem' } });
    expect(refused).toMatchObject({
      parent_id: handlers[1]?.id,
      error: true,
      cause: { exceptions: [{ type: 'ConditionalCheckFailedException' }] },
    });
    expect(refused).not.toHaveProperty('fault');
    for (const d of docs) {
      expect(Number(d.end_time)).toBeGreaterThanOrEqual(Number(d.start_time));
      expect(String(d.id)).toMatch(/^[0-9a-f]{16}$/);
    }
    // Nothing of the items themselves leaves in a trace.
    expect(JSON.stringify(docs)).not.toContain('TRACE#1');
  });

  it('sends nothing for an invocation not sampled, nor outside Lambda', async () => {
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=0`;
    const client = traceClient(new DynamoDBClient(rawClientConfig()));
    await traceHandler('intake', 'searchPersons', async () => {
      await client.send(new GetItemCommand({ TableName: tableName('intake', 'main'), Key: { pk: { S: 'TRACE#2' }, sk: { S: 'X' } } }));
    });
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
    await traceHandler('intake', 'searchPersons', async () => undefined);
    await new Promise((r) => setTimeout(r, 200));
    client.destroy();
    expect(received).toEqual([]);
  });
});

describe('trace header and daemon address', () => {
  it('reads what Lambda sets', () => {
    expect(parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1;Lineage=a:1`)).toEqual({ root: ROOT, parent: PARENT, sampled: true });
    expect(parseTraceHeader(`Root=${ROOT};Sampled=1`)).toBeUndefined();
    expect(parseTraceHeader(undefined)).toBeUndefined();
    expect(daemonAddress('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(daemonAddress('tcp:127.0.0.1:2000 udp:127.0.0.2:2001')).toEqual({ host: '127.0.0.2', port: 2001 });
    expect(daemonAddress(undefined)).toEqual({ host: '127.0.0.1', port: 2000 });
  });
});
