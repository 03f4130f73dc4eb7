/**
 * Delivery results back to the referral, « never silent » (issue 14 points 1 and 8, ADR 0034), on
 * the local stack and DynamoDB Local: the CAF is told by e-mail (the local outbox accepts it) and
 * by a webhook whose HTTPS endpoint keeps answering 500. After the queue's five deliveries the
 * referral shows the e-mail `delivered` and the webhook `failed` with its reason; the coordinator's
 * « orientations en souffrance » counts it for the CAF, without a person; a bad `withinDays` is a
 * 400 naming the field; a field agent is refused.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS } from '../../services/directory/demo/lot-demo';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { selfSignedCertificate } from '../support/self-signed-certificate';

jest.setTimeout(120_000);

const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;

let receiver: Server;
/** The bodies the endpoint received (and refused). */
const received: string[] = [];
let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const certificate = selfSignedCertificate();
  process.env.RELAIS_WEBHOOK_EXTRA_CA = certificate.cert;
  // The partner's endpoint is down: every POST answers 500.
  receiver = createServer(certificate, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, resolve));
  const receiverUrl = `https://localhost:${(receiver.address() as AddressInfo).port}`;

  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const user of ['partenaire.caf', 'agent.ccas-cahors', 'pilote']) tokens[user] = await api.token(user);

  const current = await api.call('GET', `/api/organisations/${caf.id}`, { token: tokens['partenaire.caf'] });
  const patched = await api.call('PATCH', `/api/organisations/${caf.id}`, {
    token: tokens['partenaire.caf'],
    body: {
      version: current.body.version,
      notification: { email: 'orientations@caf-lot.demo.relais.local', webhookUrl: `${receiverUrl}/relais` },
    },
  });
  expect(patched.status).toBe(200);
  await stack.drain();
  const rotated = await api.call('POST', `/api/organisations/${caf.id}/webhook-secret`, { token: tokens['partenaire.caf'] });
  expect(rotated.status).toBe(201);
  await stack.drain();
});

afterAll(async () => {
  await stack?.stop();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  delete process.env.RELAIS_WEBHOOK_EXTRA_CA;
});

describe('delivery results of a referral, never silent', () => {
  let referralId: string;

  beforeAll(async () => {
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
    referralId = sent.body.id;
    expect(sent.body.deliveries.map((d: { channel: string; status: string }) => [d.channel, d.status])).toEqual([
      ['email', 'pending'],
      ['webhook', 'pending'],
    ]);
    // The notifier's five deliveries (three POSTs each), then the results reach intake.
    await stack.drain();
    await stack.drain();
  }, 110_000);

  it('shows the e-mail delivered and the webhook failed with its reason after its retries', async () => {
    // Three attempts per delivery, five deliveries (the subscription's maxReceiveCount); the relay
    // may hand the event over twice (at least once), each copy retried on its own.
    expect(received.filter((body) => body.includes(`"referralId":"${referralId}"`)).length).toBeGreaterThanOrEqual(15);
    const res = await api.call('GET', `/api/referrals/${referralId}`, { token: tokens['agent.ccas-cahors'] });
    expect(res.status).toBe(200);
    const byChannel = Object.fromEntries(res.body.deliveries.map((d: { channel: string }) => [d.channel, d]));
    expect(byChannel.email).toMatchObject({ status: 'delivered' });
    expect(byChannel.webhook).toMatchObject({ status: 'failed', reason: 'refused', attempt: 5, maxAttempts: 5 });
    expect(res.body.deliveries).toHaveLength(2);
  });

  it('counts the failed delivery for the CAF on the coordinator’s view, with the sending site and no person', async () => {
    const res = await api.call('GET', '/api/referrals-at-risk?withinDays=7', { token: tokens.pilote });
    expect(res.status).toBe(200);
    const partner = res.body.partners.find((p: { organisationId: string }) => p.organisationId === caf.id);
    expect(partner).toMatchObject({ organisationName: 'CAF du Lot' });
    expect(partner.failedDeliveries).toBeGreaterThanOrEqual(1);
    const item = res.body.items.find((i: { referralId: string }) => i.referralId === referralId);
    expect(item).toMatchObject({
      status: 'sent',
      failedChannels: ['webhook'],
      reasons: ['failed_delivery'],
      fromOrganisationName: 'CCAS de Cahors',
    });
    expect(item.fromSiteId).toEqual(expect.any(String));
    expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['personId']));
    expect(JSON.stringify(res.body)).not.toContain('Aide demandée');
  });

  it('answers a bad withinDays with a French 400 naming the field, and refuses a field agent', async () => {
    const bad = await api.call('GET', '/api/referrals-at-risk?withinDays=abc', { token: tokens.pilote });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.withinDays']);
    expect(bad.body.errors[0].message).toBe('Valeur attendue : un nombre');
    const agent = await api.call('GET', '/api/referrals-at-risk', { token: tokens['agent.ccas-cahors'] });
    expect(agent.status).toBe(403);
  });
});
