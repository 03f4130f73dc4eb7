/**
 * Traceable events (issue 13, point 5; ADR 0020): one correlation id from the request to the
 * events it publishes, to the consumers of those events and what they write, and on every log
 * line on the way. A reception, then a referral from it, with the same `X-Correlation-Id`; the
 * partner notification that follows carries it too, and each event names its cause.
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import type { Api } from '../support/local-stack';

jest.setTimeout(180_000);

const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const gramat = DEMO_SITES.find((s) => s.name.includes('Gramat'))!;
const CORRELATION = 'accueil-gramat-20261206-0001';

/** The JSON lines the stack's loggers write to stdout during the test. */
const lines: Array<Record<string, unknown>> = [];
let stack: LocalStack;
let api: Api;
let restoreStdout: () => void;

beforeAll(async () => {
  // The loggers are made at first use with the level of the moment: this test reads INFO lines.
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  const write = process.stdout.write.bind(process.stdout);
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    const text = String(chunk);
    if (text.startsWith('{')) {
      for (const line of text.split('\n').filter(Boolean)) {
        try {
          lines.push(JSON.parse(line));
        } catch {
          // not a log line
        }
      }
      return true;
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write);
  restoreStdout = () => spy.mockRestore();
  // Required here, after the level is set, so that every logger of the stack is made at INFO.
  const { apiClient, startTestStack } = require('../support/local-stack') as typeof import('../support/local-stack');
  stack = await startTestStack();
  api = apiClient(stack.url);
});

afterAll(async () => {
  await stack?.stop();
  restoreStdout?.();
});

interface StoredEvent {
  detailType: string;
  metadata: { eventId: string; correlationId: string; causationId?: string };
  data: Record<string, unknown>;
}

async function intakeEvents(): Promise<StoredEvent[]> {
  const out = await ddb().send(
    new ScanCommand({
      TableName: tableName('intake', 'main'),
      FilterExpression: 'begins_with(pk, :outbox)',
      ExpressionAttributeValues: { ':outbox': 'OUTBOX#' },
    }),
  );
  return (out.Items ?? []).map((item) => {
    const detail = JSON.parse(String(item.detail));
    return { detailType: String(item.detailType), metadata: detail.metadata, data: detail.data };
  });
}

describe('one correlation id from the reception to the partner notification', () => {
  it('is carried by the events, their causes, the notification, its delivery log and the log lines', async () => {
    const agent = await api.token('agent.gramat');
    const pilote = await api.token('pilote');
    const headers = { 'x-correlation-id': CORRELATION };

    const reception = await api.call('POST', '/api/receptions', {
      token: agent,
      headers,
      body: { siteId: gramat.id, channel: 'site', themes: [gramat.themes[0]] },
    });
    expect(reception.status).toBe(201);
    const referral = await api.call('POST', '/api/referrals', {
      token: agent,
      headers,
      body: {
        toOrganisationId: caf.id,
        receptionId: reception.body.id,
        themes: [gramat.themes[0]],
        reason: 'Ouverture de droits',
        liaisonNote: 'Fiche de liaison du test',
      },
    });
    expect([referral.status, referral.body.errors ?? referral.body.detail]).toEqual([201, undefined]);
    await stack.drain();

    // 1. The events, in intake's outbox: the request's correlation id, each caused by its request.
    const events = await intakeEvents();
    const recorded = events.find((e) => e.detailType === 'ReceptionRecorded' && e.data.receptionId === reception.body.id);
    const sent = events.find((e) => e.detailType === 'ReferralSent' && e.data.referralId === referral.body.id);
    expect(recorded?.metadata.correlationId).toBe(CORRELATION);
    expect(sent?.metadata.correlationId).toBe(CORRELATION);
    expect(recorded?.metadata.causationId).toEqual(expect.any(String));
    expect(sent?.metadata.causationId).toEqual(expect.any(String));
    // Two requests, two causes.
    expect(sent?.metadata.causationId).not.toBe(recorded?.metadata.causationId);

    // 2. The partner notification (local outbox): same correlation id, caused by ReferralSent.
    let notification: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 50 && !notification; attempt++) {
      const outbox = await api.call('GET', '/api/dev/outbox?channel=notification&limit=100', { token: pilote });
      expect(outbox.status).toBe(200);
      notification = outbox.body.items.find(
        (i: { to: string; payload: { eventId?: string } }) => i.to === caf.id && i.payload.eventId === sent?.metadata.eventId,
      );
      if (!notification) await new Promise((r) => setTimeout(r, 100));
    }
    expect(notification).toMatchObject({ correlationId: CORRELATION, causationId: sent?.metadata.eventId });

    // 3. Its delivery log, in the notifications service's table.
    const deliveries = await ddb().send(
      new QueryCommand({
        TableName: tableName('notifications', 'main'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `NOTIFIED#${sent?.metadata.eventId}` },
        ConsistentRead: true,
      }),
    );
    expect(deliveries.Items?.length).toBeGreaterThan(0);
    for (const item of deliveries.Items ?? []) {
      expect(item).toMatchObject({ correlationId: CORRELATION, causationId: sent?.metadata.eventId });
    }

    // 4. The log lines: the consumers of both events wrote under the same correlation id, each
    //    naming its event as cause, with the invocation's Lambda context.
    const ours = lines.filter((l) => l.correlation_id === CORRELATION);
    const processed = ours.filter((l) => l.message === 'Event processed');
    expect(processed.some((l) => l.eventId === recorded?.metadata.eventId && l.causation_id === recorded?.metadata.eventId)).toBe(true);
    expect(processed.some((l) => l.subscription === 'notifyPartner' && l.causation_id === sent?.metadata.eventId)).toBe(true);
    expect(ours.find((l) => l.message === 'Partner notified')).toMatchObject({ function_name: expect.any(String) });
    for (const line of ours) expect(line.function_request_id).toEqual(expect.any(String));
    // Nothing of the request's content on any line.
    expect(JSON.stringify(lines)).not.toContain('Fiche de liaison du test');
  });
});
