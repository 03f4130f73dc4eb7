/**
 * Partner notifications on the local stack (issue 4, point 5): a referral event on the bus
 * reaches the partner as a message in the local outbox and as a signed webhook really POSTed to
 * an HTTPS server of the test; the signature verifies with the secret the partner was shown;
 * redirects are not followed; a webhook that keeps failing is retried, then dead-lettered,
 * without sending the topic message twice.
 */
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS } from '../../services/directory/demo/lot-demo';
import { HttpWebhookSender } from '../../services/notifications/partners/http-webhook.sender';
import { devOutboxEntry } from '../../services/notifications/partners/dev-outbox';
import { DynamoDeliveryLog } from '../../services/notifications/partners/notifications.repository';
import {
  DynamoSubscriptionStore,
  makeSyncPartnerSubscriptions,
  SnsSubscriptionGateway,
} from '../../services/notifications/partners/partner-subscriptions';
import { verifyWebhookSignature } from '../../services/notifications/partners/webhook-signature';
import { DynamoChannelsStore } from '../../services/notifications/store/channels.repository';
import { organisationChanged } from '../../services/directory/use-cases/organisations.use-cases';
import { linkSecret } from '../../shared/auth/link-secret';
import { verifyLink } from '../../shared/auth/signed-link';
import { defineEvent } from '../../shared/events/envelope';
import { eventPublisher } from '../../shared/events/publisher';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { selfSignedCertificate } from '../support/self-signed-certificate';

jest.setTimeout(180_000);

const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const ccas = DEMO_ORGANISATIONS.find((o) => o.name === 'CCAS de Cahors')!;

// ---------------------------------------------------------------------------------------------
// The partner's HTTPS receiver. Webhook URLs must be HTTPS (the directory refuses others), so the
// receiver has a throwaway self-signed certificate, built here to need no tool or fixture, which
// the local stack is told to trust (RELAIS_WEBHOOK_EXTRA_CA, honoured in local mode only).

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** What the receiver answers, per referral id; 204 by default. */
const answers = new Map<string, (n: number) => { status: number; location?: string }>();
const received: Received[] = [];
let receiver: Server;
let receiverUrl: string;

const requestsFor = (referralId: string) => received.filter((r) => r.body.includes(`"referralId":"${referralId}"`));

// ---------------------------------------------------------------------------------------------

let stack: LocalStack;
let api: Api;
let secret: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const certificate = selfSignedCertificate();
  process.env.RELAIS_WEBHOOK_EXTRA_CA = certificate.cert;
  receiver = createServer(certificate, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const referralId = /"referralId":"([^"]+)"/.exec(body)?.[1] ?? '';
      const n = received.filter((r) => r.body.includes(`"referralId":"${referralId}"`)).length + 1;
      const answer = req.url === '/relais' ? (answers.get(referralId)?.(n) ?? { status: 204 }) : { status: 200 };
      received.push({ path: req.url ?? '', headers: req.headers, body, status: answer.status });
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, resolve));
  receiverUrl = `https://localhost:${(receiver.address() as AddressInfo).port}`;

  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const user of ['partenaire.caf', 'agent.ccas-cahors', 'pilote']) tokens[user] = await api.token(user);

  const current = await api.call('GET', `/api/organisations/${caf.id}`, { token: tokens['partenaire.caf'] });
  const patched = await api.call('PATCH', `/api/organisations/${caf.id}`, {
    token: tokens['partenaire.caf'],
    body: {
      version: current.body.version,
      notification: { email: 'orientations@caf-lot.demo.relais.local', sms: '+33565000000', webhookUrl: `${receiverUrl}/relais` },
    },
  });
  expect(patched.status).toBe(200);
  // The channels reach the notifier's projection by the directory's event before any referral is sent.
  await stack.drain();
  const rotated = await api.call('POST', `/api/organisations/${caf.id}/webhook-secret`, { token: tokens['partenaire.caf'] });
  expect(rotated.status).toBe(201);
  secret = rotated.body.secret;
});

afterAll(async () => {
  await stack?.stop();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  delete process.env.RELAIS_WEBHOOK_EXTRA_CA;
});

/** Put an intake event on the local bus, as intake's outbox relay does, and wait for its deliveries. */
async function publishIntakeEvent(detailType: string, data: Record<string, unknown>): Promise<string> {
  const event = defineEvent('relais.intake', detailType, z.record(z.string(), z.unknown())).create(data);
  await eventPublisher().publish([{ source: event.source, detailType: event.detailType, detail: JSON.stringify(event.detail) }]);
  await stack.drain();
  return event.detail.metadata.eventId;
}

let sequence = 0;
const referralId = () => `01K5REFERRAL${String(++sequence).padStart(14, '0')}`;

function referralSent(id: string, overrides: Record<string, unknown> = {}) {
  const sentAt = new Date();
  return {
    referralId: id,
    fromOrganisationId: ccas.id,
    toOrganisationId: caf.id,
    themes: ['logement-hebergement', 'difficultes-financieres--situation-dendettement-surendettement'],
    urgency: 'urgent',
    sentAt: sentAt.toISOString(),
    expiresAt: new Date(sentAt.getTime() + 8 * 86_400_000).toISOString(),
    personId: '01K5PERSON0000000000000000',
    ...overrides,
  };
}

interface OutboxItem {
  id: string;
  channel: string;
  at: string;
  to: string;
  // biome-ignore lint/suspicious/noExplicitAny: outbox payloads of several channels
  payload: any;
}

async function outbox(channel: 'notification' | 'webhook' | 'dead-letter'): Promise<OutboxItem[]> {
  const res = await api.call('GET', `/api/dev/outbox?channel=${channel}&limit=200`, { token: tokens.pilote });
  expect(res.status).toBe(200);
  return res.body.items;
}

/** The README's Node snippet, as a partner would copy it. */
function readmeVerifier(): (header: string, body: string | Buffer, secret: string) => boolean {
  const readme = readFileSync(join(__dirname, '../../services/notifications/README.md'), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return new Function('require', `${code}\nreturn verifyRelaisSignature;`)(require);
}

describe('partner notifications on the local stack', () => {
  describe('a referral sent to the CAF', () => {
    const id = referralId();
    let eventId: string;

    beforeAll(async () => {
      eventId = await publishIntakeEvent('ReferralSent', referralSent(id));
    });

    it('arrives as a webhook whose signature verifies with the CAF’s secret; a tampered body does not', async () => {
      const [request, ...others] = requestsFor(id);
      expect(others).toHaveLength(0);
      expect(request).toBeDefined();
      const { headers, body } = request!;
      expect(request!.path).toBe('/relais');
      expect(headers['content-type']).toBe('application/json');
      expect(headers['x-relais-event-id']).toBe(eventId);
      const signature = String(headers['x-relais-signature']);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

      expect(verifyWebhookSignature(signature, body, secret)).toBe(true);
      expect(verifyWebhookSignature(signature, body.replace('"urgent"', '"normal"'), secret)).toBe(false);
      expect(verifyWebhookSignature(signature, body, `${secret}x`)).toBe(false);
      const partnerCheck = readmeVerifier();
      expect(partnerCheck(signature, Buffer.from(body), secret)).toBe(true);
      expect(partnerCheck(signature, `${body} `, secret)).toBe(false);
    });

    it('carries the referral’s ids, status, themes, urgency and a link that opens this referral for the CAF only', () => {
      const body = JSON.parse(requestsFor(id)[0]!.body);
      expect(body).toMatchObject({
        type: 'referral.sent',
        data: {
          referralId: id,
          status: 'sent',
          fromOrganisationId: ccas.id,
          toOrganisationId: caf.id,
          themes: ['logement-hebergement', 'difficultes-financieres--situation-dendettement-surendettement'],
          urgency: 'urgent',
        },
      });
      expect(body.data).not.toHaveProperty('personId');
      const token = String(body.data.link).split('/#/orientation/')[1] ?? '';
      // The link follows the port the stack listens on (issue 14, point 7), not a fixed 3000.
      expect(stack.port).not.toBe(3000);
      expect(body.data.link.startsWith(`${stack.url}/#/orientation/`)).toBe(true);
      expect(verifyLink(token, 'referral', linkSecret())).toMatchObject({ subject: id, audience: caf.id });
      expect(verifyLink(`${token}x`, 'referral', linkSecret())).toBeUndefined();
    });

    it('is in the local outbox as a French message for the CAF, with its link, its channels and no personal data', async () => {
      const items = (await outbox('notification')).filter((i) => i.payload.eventId === eventId);
      expect(items).toHaveLength(1);
      const [item] = items as [OutboxItem];
      expect(item.to).toBe(caf.id);
      expect(item.payload).toMatchObject({
        kind: 'referral.sent',
        audience: 'receiver',
        subject: 'Relais – nouvelle orientation urgente du CCAS de Cahors',
        attributes: { organisationId: caf.id, kind: 'referral.sent', urgency: 'urgent' },
        recipients: { email: 'orientations@caf-lot.demo.relais.local', sms: '+33565000000' },
      });
      expect(item.payload.text).toContain('CCAS de Cahors adresse une nouvelle orientation à votre structure (CAF du Lot).');
      expect(item.payload.text).toContain('- Difficultés financières : Situation d’endettement ou de surendettement');
      expect(item.payload.text).toContain(`${stack.url}/#/orientation/`);
      expect(item.payload.sms).toContain('URGENTE');
      expect(JSON.stringify(item)).not.toContain('PERSON');
    });

    it('records the webhook attempt in the local outbox, without the secret', async () => {
      const attempts = (await outbox('webhook')).filter((i) => i.payload.eventId === eventId);
      expect(attempts.map((a) => [a.to, a.payload.url, a.payload.attempt, a.payload.status, a.payload.delivered])).toEqual([
        [caf.id, `${receiverUrl}/relais`, 1, 204, true],
      ]);
      expect(JSON.stringify(attempts)).not.toContain(secret);
    });

    it('is not sent again when the same event is delivered again', async () => {
      const sameEvent = defineEvent('relais.intake', 'ReferralSent', z.record(z.string(), z.unknown())).create(referralSent(id));
      sameEvent.detail.metadata.eventId = eventId;
      await eventPublisher().publish([
        { source: sameEvent.source, detailType: sameEvent.detailType, detail: JSON.stringify(sameEvent.detail) },
      ]);
      expect(requestsFor(id)).toHaveLength(1);
      expect((await outbox('notification')).filter((i) => i.payload.eventId === eventId)).toHaveLength(1);
    });
  });

  it('tells the sender when the CAF accepts, naming the themes kept from the sending (the CCAS has no webhook)', async () => {
    const id = referralId();
    await publishIntakeEvent('ReferralSent', referralSent(id));
    const at = new Date().toISOString();
    const eventId = await publishIntakeEvent('ReferralStatusChanged', {
      referralId: id,
      fromOrganisationId: ccas.id,
      toOrganisationId: caf.id,
      status: 'accepted',
      previousStatus: 'sent',
      at,
      byOrganisationId: caf.id,
    });
    const items = (await outbox('notification')).filter((i) => i.payload.eventId === eventId);
    expect(items.map((i) => [i.to, i.payload.audience, i.payload.subject])).toEqual([
      [ccas.id, 'sender', 'Relais – orientation acceptée par la CAF du Lot'],
    ]);
    expect(items[0]!.payload.text).toContain('- Logement et hébergement');
    expect(items[0]!.payload.text).not.toContain('/#/orientation/');
    expect(requestsFor(id)).toHaveLength(1); // the CAF's webhook had the sending, not the answer it gave
  });

  it('tells both organisations when a referral expires, by Relais itself', async () => {
    const id = referralId();
    const eventId = await publishIntakeEvent('ReferralStatusChanged', {
      referralId: id,
      fromOrganisationId: ccas.id,
      toOrganisationId: caf.id,
      status: 'expired',
      previousStatus: 'sent',
      at: new Date().toISOString(),
      byOrganisationId: null,
    });
    const items = (await outbox('notification')).filter((i) => i.payload.eventId === eventId);
    expect(items.map((i) => i.to).sort()).toEqual([caf.id, ccas.id].sort());
    const webhook = requestsFor(id);
    expect(webhook).toHaveLength(1);
    expect(JSON.parse(webhook[0]!.body)).toMatchObject({ type: 'referral.status_changed', data: { status: 'expired' } });
    expect(JSON.parse(webhook[0]!.body).data).not.toHaveProperty('link');
  });

  it('does not follow a 3xx answer: the redirect target is never called and the webhook is retried', async () => {
    const id = referralId();
    answers.set(id, (n) => (n === 1 ? { status: 302, location: `${receiverUrl}/elsewhere` } : { status: 204 }));
    const eventId = await publishIntakeEvent('ReferralSent', referralSent(id));
    expect(requestsFor(id).map((r) => [r.path, r.status])).toEqual([
      ['/relais', 302],
      ['/relais', 204],
    ]);
    expect(received.some((r) => r.path === '/elsewhere')).toBe(false);
    const attempts = (await outbox('webhook')).filter((i) => i.payload.eventId === eventId);
    expect(attempts.map((a) => [a.payload.attempt, a.payload.status, a.payload.delivered]).sort()).toEqual([
      [1, 302, false],
      [2, 204, true],
    ]);
    const [first, second] = requestsFor(id);
    expect(verifyWebhookSignature(String(second!.headers['x-relais-signature']), second!.body, secret)).toBe(true);
    expect(first!.body).toBe(second!.body);
  });

  it('retries a webhook that keeps failing, then dead-letters the event without sending the topic message twice', async () => {
    const id = referralId();
    answers.set(id, () => ({ status: 500 }));
    const eventId = await publishIntakeEvent('ReferralSent', referralSent(id, { urgency: 'normal' }));
    // 3 attempts per delivery, 5 deliveries (the subscription's maxReceiveCount).
    expect(requestsFor(id)).toHaveLength(15);
    const letters = (await outbox('dead-letter')).filter((i) => i.payload.eventId === eventId);
    expect(letters.map((l) => [l.to, l.payload.detailType, l.payload.attempts, l.payload.error])).toEqual([
      ['notifications.notifyPartner', 'ReferralSent', 5, 'batchItemFailure'],
    ]);
    expect((await outbox('notification')).filter((i) => i.payload.eventId === eventId)).toHaveLength(1);
  }, 180_000);
});

describe('through intake: the closed loop', () => {
  it('notifies the CAF of a referral sent with POST /api/referrals; its link opens the liaison note and answers; the sender is told', async () => {
    await stack.drain();
    const sent = await api.call('POST', '/api/referrals', {
      token: tokens['agent.ccas-cahors'],
      body: {
        toOrganisationId: caf.id,
        themes: ['numerique'],
        reason: 'Ouvrir un compte en ligne',
        urgency: 'normal',
        liaisonNote: 'Aide demandée pour déclarer ses ressources en ligne.',
      },
    });
    expect(sent.status).toBe(201);
    await stack.drain();

    const [webhook, ...more] = requestsFor(sent.body.id);
    expect(more).toHaveLength(0);
    expect(verifyWebhookSignature(String(webhook!.headers['x-relais-signature']), webhook!.body, secret)).toBe(true);
    const payload = JSON.parse(webhook!.body);
    expect(payload).toMatchObject({ type: 'referral.sent', data: { referralId: sent.body.id, themes: ['numerique'], urgency: 'normal' } });
    const token = String(payload.data.link).split('/#/orientation/')[1] ?? '';

    const read = await api.call('GET', `/api/referral-links/${token}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: sent.body.id, liaisonNote: 'Aide demandée pour déclarer ses ressources en ligne.' });
    const forged = await api.call('GET', `/api/referral-links/${token.slice(0, -2)}xx`);
    expect(forged.status).not.toBe(200);

    const accepted = await api.call('POST', `/api/referral-links/${token}/accept`, { body: {} });
    expect(accepted.status).toBe(200);
    await stack.drain();
    const told = (await outbox('notification')).filter((i) => i.to === ccas.id && i.payload.text.includes(sent.body.id));
    expect(told.map((i) => i.payload.subject)).toEqual(['Relais – orientation acceptée par la CAF du Lot']);
    expect(told[0]!.payload.text).toContain('- Numérique');
  });
});

describe('delivery log on DynamoDB', () => {
  it('lets one run claim a delivery, makes others wait, hands a dead run’s claim over after its lease, and remembers it done', async () => {
    const log = new DynamoDeliveryLog();
    const t0 = new Date('2025-03-03T09:00:00.000Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);
    expect(await log.claim('EVENT-LOG', 'ORG#topic', t0, 60_000)).toBe('claimed');
    expect(await log.claim('EVENT-LOG', 'ORG#topic', later(1_000), 60_000)).toBe('busy');
    expect(await log.claim('EVENT-LOG', 'ORG#topic', later(61_000), 60_000)).toBe('claimed');
    await log.release('EVENT-LOG', 'ORG#topic');
    expect(await log.claim('EVENT-LOG', 'ORG#topic', later(62_000), 60_000)).toBe('claimed');
    await log.complete('EVENT-LOG', 'ORG#topic', later(63_000));
    await log.release('EVENT-LOG', 'ORG#topic');
    expect(await log.claim('EVENT-LOG', 'ORG#topic', later(200_000), 60_000)).toBe('done');
    expect(await log.claim('EVENT-LOG', 'ORG#webhook', later(200_000), 60_000)).toBe('claimed');
  });

  it('records a dead run’s claim in doubt, and never resends it, for a channel that sends at most once', async () => {
    const log = new DynamoDeliveryLog();
    const t0 = new Date('2025-03-03T09:00:00.000Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);
    expect(await log.claim('EVENT-DOUBT', 'ORG#topic', t0, 60_000, 'give-up')).toBe('claimed');
    expect(await log.claim('EVENT-DOUBT', 'ORG#topic', later(1_000), 60_000, 'give-up')).toBe('busy');
    expect(await log.claim('EVENT-DOUBT', 'ORG#topic', later(61_000), 60_000, 'give-up')).toBe('in-doubt');
    expect(await log.claim('EVENT-DOUBT', 'ORG#topic', later(200_000), 60_000, 'give-up')).toBe('in-doubt');
    expect(await log.claim('EVENT-DOUBT', 'ORG#topic', later(200_000), 60_000, 'resend')).toBe('in-doubt');
  });

  it('commits a write with its delivery record once: a second send of the same delivery writes nothing', async () => {
    const log = new DynamoDeliveryLog();
    const at = new Date();
    const write = (n: number) => devOutboxEntry('notification', 'ORG-ONCE', { eventId: 'EVENT-ONCE', n }, at);
    expect(await log.sendOnce('EVENT-ONCE', 'ORG-ONCE#topic', at, write(1))).toBe('sent');
    expect(await log.sendOnce('EVENT-ONCE', 'ORG-ONCE#topic', at, write(2))).toBe('done');
    expect(await log.claim('EVENT-ONCE', 'ORG-ONCE#topic', at, 60_000, 'resend')).toBe('done');
    expect((await outbox('notification')).filter((i) => i.payload.eventId === 'EVENT-ONCE').map((i) => i.payload.n)).toEqual([1]);
  });
});

describe('webhook transport', () => {
  it('verifies the receiver’s certificate: without being told to trust it, nothing is delivered', async () => {
    const strict = new HttpWebhookSender({ attempts: 1 });
    const delivery = {
      eventId: 'E',
      organisationId: caf.id,
      url: `${receiverUrl}/relais`,
      secret: 'whsec_x',
      body: '{"referralId":"none"}',
    };
    await expect(strict.deliver(delivery)).rejects.toMatchObject({ lastError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(requestsFor('none')).toHaveLength(0);
  });
});

describe('OrganisationChanged', () => {
  it('carries the organisation’s name (other services show whom a referral went to)', () => {
    const org = {
      ...caf,
      networkMember: true,
      contacts: [],
      webhookSecretSet: false,
      version: 2,
      createdAt: '2025-01-01',
      updatedAt: '2025-01-02',
    };
    expect(organisationChanged(org, 'updated', {}, new Date()).detail.data).toMatchObject({ organisationId: caf.id, name: 'CAF du Lot' });
  });
});

describe('partners’ e-mail and SMS subscriptions to the topic (SNS mocked: no local runtime)', () => {
  const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:relais-test-notifications';
  const sns = mockClient(SNSClient);
  afterAll(() => sns.restore());

  it('follows the organisation’s entry: subscribes with a filter on it, replaces a changed channel, drops a removed one, and repeats nothing', async () => {
    let n = 0;
    sns.on(SubscribeCommand).callsFake(async () => ({ SubscriptionArn: `${TOPIC}:sub-${++n}` }));
    sns.on(UnsubscribeCommand).resolves({});
    const sync = makeSyncPartnerSubscriptions({
      // The notifier's projection of the organisations' channels (filled from the directory's events).
      organisations: new DynamoChannelsStore(),
      gateway: new SnsSubscriptionGateway(TOPIC),
      store: new DynamoSubscriptionStore(),
    });

    // The CAF's entry names an e-mail and an SMS number (set in beforeAll).
    expect(await sync.execute(caf.id)).toEqual({ subscribed: ['email', 'sms'], unsubscribed: [] });
    expect(sns.commandCalls(SubscribeCommand).map((c) => c.args[0].input)).toEqual([
      {
        TopicArn: TOPIC,
        Protocol: 'email',
        Endpoint: 'orientations@caf-lot.demo.relais.local',
        ReturnSubscriptionArn: true,
        Attributes: { FilterPolicy: JSON.stringify({ organisationId: [caf.id] }), FilterPolicyScope: 'MessageAttributes' },
      },
      expect.objectContaining({ Protocol: 'sms', Endpoint: '+33565000000' }),
    ]);
    expect(await sync.execute(caf.id)).toEqual({ subscribed: [], unsubscribed: [] });

    const current = await api.call('GET', `/api/organisations/${caf.id}`, { token: tokens['partenaire.caf'] });
    const patched = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token: tokens['partenaire.caf'],
      // The notification channels are replaced as a whole: leaving the SMS number out removes it.
      body: {
        version: current.body.version,
        notification: { email: 'accueil@caf-lot.demo.relais.local', webhookUrl: current.body.notification.webhookUrl },
      },
    });
    expect(patched.status).toBe(200);
    // The channels reach the notifier's projection by the directory's event.
    await stack.drain();
    sns.resetHistory();
    expect(await sync.execute(caf.id)).toEqual({ subscribed: ['email'], unsubscribed: ['email', 'sms'] });
    expect(sns.commandCalls(UnsubscribeCommand).map((c) => c.args[0].input.SubscriptionArn)).toEqual([`${TOPIC}:sub-1`, `${TOPIC}:sub-2`]);
    expect(sns.commandCalls(SubscribeCommand).map((c) => c.args[0].input.Endpoint)).toEqual(['accueil@caf-lot.demo.relais.local']);
    sns.resetHistory();
    expect(await sync.execute(caf.id)).toEqual({ subscribed: [], unsubscribed: [] });
    expect(sns.calls()).toHaveLength(0);
  });
});
