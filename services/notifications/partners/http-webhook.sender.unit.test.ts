import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpWebhookSender, type WebhookAttempt, WebhookDeliveryError } from './http-webhook.sender';
import type { WebhookDelivery } from './notifications.ports';
import { verifyWebhookSignature } from './webhook-signature';

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
let received: Received[];
let answer: (req: IncomingMessage, res: ServerResponse, n: number) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(req, res, received.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  received = [];
  answer = (_req, res) => res.writeHead(204).end();
});

const SECRET = 'whsec_unit-test-secret-0123456789abcdef';
const delivery = (path = '/hook'): WebhookDelivery => ({
  eventId: '01HZEVENT00000000000000000',
  organisationId: '01HZCAF0000000000000000000',
  url: `${base}${path}`,
  secret: SECRET,
  body: JSON.stringify({ type: 'referral.sent', occurredAt: '2025-03-03T09:00:00.000Z', data: { referralId: 'R1', status: 'sent' } }),
});

/** A sender whose waits are recorded, not slept. */
function sender(overrides: ConstructorParameters<typeof HttpWebhookSender>[0] = {}) {
  const waits: number[] = [];
  const attempts: WebhookAttempt[] = [];
  const s = new HttpWebhookSender({
    sleep: async (ms) => {
      waits.push(ms);
    },
    onAttempt: async (a) => {
      attempts.push(a);
    },
    ...overrides,
  });
  return { s, waits, attempts };
}

describe('HttpWebhookSender', () => {
  describe('right path', () => {
    it('POSTs the JSON body with a signature that verifies, the event id and the content type', async () => {
      const { s, attempts } = sender();
      const d = delivery();
      await expect(s.deliver(d)).resolves.toEqual({ attempts: 1, status: 204 });
      expect(received).toHaveLength(1);
      const [r] = received as [Received];
      expect(r.body).toBe(d.body);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-relais-event-id']).toBe(d.eventId);
      expect(r.headers['x-relais-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(r.headers['x-relais-signature'] as string, r.body, SECRET)).toBe(true);
      expect(attempts).toEqual([
        { eventId: d.eventId, organisationId: d.organisationId, url: d.url, attempt: 1, status: 204, delivered: true, body: d.body },
      ]);
      expect(JSON.stringify(attempts)).not.toContain(SECRET);
    });

    it('retries after a failure with backoff, then succeeds', async () => {
      answer = (_req, res, n) => res.writeHead(n === 1 ? 503 : 200).end();
      const { s, waits } = sender();
      await expect(s.deliver(delivery())).resolves.toEqual({ attempts: 2, status: 200 });
      expect(waits).toEqual([500]);
      expect(received).toHaveLength(2);
    });
  });

  describe('wrong paths', () => {
    it('never follows a redirect: a 3xx is a failed attempt, retried, and the target is never called', async () => {
      answer = (req, res) => (req.url === '/hook' ? res.writeHead(302, { location: `${base}/elsewhere` }).end() : res.writeHead(200).end());
      const { s, waits, attempts } = sender();
      const error = await s.deliver(delivery()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookDeliveryError);
      expect(error).toMatchObject({ attempts: 3, lastStatus: 302 });
      expect(received.map((r) => r.url)).toEqual(['/hook', '/hook', '/hook']);
      expect(waits).toEqual([500, 2000]);
      expect(attempts.map((a) => [a.attempt, a.status, a.delivered])).toEqual([
        [1, 302, false],
        [2, 302, false],
        [3, 302, false],
      ]);
    });

    it('signs each attempt anew with its own timestamp', async () => {
      answer = (_req, res) => res.writeHead(500).end();
      let clock = 1_741_000_000_000;
      const { s } = sender({
        now: () => clock,
        sleep: async (ms) => {
          clock += ms + 1000;
        },
      });
      await expect(s.deliver(delivery())).rejects.toThrow(WebhookDeliveryError);
      const stamps = received.map((r) => /t=(\d+)/.exec(String(r.headers['x-relais-signature']))?.[1]);
      expect(new Set(stamps).size).toBe(3);
    });

    it('gives up an attempt after its timeout', async () => {
      answer = () => undefined; // never answers
      const { s, attempts } = sender({ timeoutMs: 200, attempts: 2 });
      await expect(s.deliver(delivery())).rejects.toMatchObject({ attempts: 2, lastError: 'TimeoutError' });
      expect(attempts.map((a) => a.error)).toEqual(['TimeoutError', 'TimeoutError']);
    });

    it('names a refused connection as the reason', async () => {
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
      const { port } = closed.address() as AddressInfo;
      await new Promise((r) => closed.close(r));
      const { s } = sender({ attempts: 1 });
      await expect(s.deliver({ ...delivery(), url: `http://127.0.0.1:${port}/hook` })).rejects.toMatchObject({ lastError: 'ECONNREFUSED' });
    });

    it('does not start a retry that would not fit in its time budget (the queue retries later)', async () => {
      answer = (_req, res) => res.writeHead(500).end();
      let clock = 0;
      const waits: number[] = [];
      const { s } = sender({
        now: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
          clock += ms;
        },
        budgetMs: 2_000,
      });
      await expect(s.deliver(delivery())).rejects.toMatchObject({ attempts: 2 });
      expect(waits).toEqual([500]);
    });

    it('counts a delivery whatever happens to the record of its attempt', async () => {
      const { s } = sender({ onAttempt: async () => Promise.reject(new Error('outbox down')) });
      await expect(s.deliver(delivery())).resolves.toEqual({ attempts: 1, status: 204 });
    });
  });
});
