import * as http from 'node:http';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { WebhookDelivery, WebhookSender } from './notifications.ports';
import { assertPublicHost, publicOnlyLookup } from './private-address';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

/** A webhook that did not answer 2xx within its attempts. */
export class WebhookDeliveryError extends Error {
  constructor(
    readonly attempts: number,
    readonly lastStatus: number | undefined,
    readonly lastError: string | undefined,
  ) {
    super(`Webhook not delivered after ${attempts} attempt(s) (last: ${lastStatus ?? lastError ?? 'none'})`);
    this.name = 'WebhookDeliveryError';
  }
}

/** One attempt, as the local outbox records it (never the secret, never the signature). */
export interface WebhookAttempt {
  eventId: string;
  organisationId: string;
  url: string;
  attempt: number;
  status?: number;
  error?: string;
  delivered: boolean;
  body: string;
}

export interface WebhookSenderOptions {
  /** Attempts within one invocation (default 3). */
  attempts?: number;
  /** Waits before the 2nd, 3rd… attempt (default 0.5 s then 2 s). */
  backoffMs?: readonly number[];
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /**
   * Time all attempts may take (default 25 s): the consumer Lambda stops at 30 s; a retry that
   * would not fit is left to the queue's redelivery.
   */
  budgetMs?: number;
  /**
   * Certificates trusted besides the public roots, for a partner receiver on a developer's
   * machine (local mode only: `RELAIS_WEBHOOK_EXTRA_CA`).
   */
  extraCa?: string;
  /**
   * Refuse hosts that are, or resolve to, private addresses (on AWS). Locally a partner's test
   * receiver runs on the developer's own machine, so this stays off there.
   */
  blockPrivateAddresses?: boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onAttempt?: (attempt: WebhookAttempt) => Promise<void>;
  log?: { warn(message: string, fields: Record<string, unknown>): void };
}

/** Below this, an attempt is not worth starting. */
const MIN_ATTEMPT_MS = 1_000;

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
};

/** Why a request failed, without anything from the partner's answer: `TimeoutError`, `ECONNREFUSED`… */
function failureName(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return (error as Error)?.name ?? 'Error';
}

class RequestTimeout extends Error {
  constructor() {
    super('No answer in time');
    this.name = 'TimeoutError';
  }
}

/**
 * One POST, answered with the status code. Node's http(s) client never follows a redirect:
 * that is the point (a 3xx comes back as a status, like any other). The answer's content is
 * not ours to read or keep: it is drained and dropped. `timeoutMs` bounds the whole exchange.
 */
function post(url: URL, agent: http.Agent, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.on('end', () => clearTimeout(timer)).on('error', () => clearTimeout(timer));
        response.resume();
      },
    );
    const timer = setTimeout(() => request.destroy(new RequestTimeout()), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/**
 * POSTs signed webhooks (SECURITY.md). Redirects are never followed: a 3xx is a failed attempt
 * like any other non-2xx answer, so a partner endpoint cannot bounce the request (and its
 * signed link) elsewhere. Each attempt is signed with its own timestamp; after the last one the
 * delivery throws, and the queue's redelivery and dead-letter queue take over.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly attempts: number;
  private readonly backoffMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly budgetMs: number;
  private readonly agents: { 'http:': http.Agent; 'https:': https.Agent };
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: WebhookSenderOptions = {}) {
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? [500, 2_000];
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.budgetMs = options.budgetMs ?? 25_000;
    // One pair of agents per sender (the sender is built once per process): connections to a
    // partner are kept alive between deliveries.
    const lookup = options.blockPrivateAddresses ? { lookup: publicOnlyLookup } : {};
    this.agents = {
      'http:': new http.Agent({ keepAlive: true, ...lookup }),
      'https:': new https.Agent({ keepAlive: true, ...lookup, ...(options.extraCa ? { ca: [...rootCertificates, options.extraCa] } : {}) }),
    };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  async deliver(delivery: WebhookDelivery): Promise<{ attempts: number; status: number }> {
    const started = this.now();
    let lastStatus: number | undefined;
    let lastError: string | undefined;
    let attempt = 0;
    while (attempt < this.attempts) {
      if (attempt > 0) {
        const wait = this.backoffMs[attempt - 1] ?? this.backoffMs.at(-1) ?? 0;
        if (this.budgetMs - (this.now() - started) < wait + MIN_ATTEMPT_MS) break;
        await this.sleep(wait);
      }
      attempt++;
      const timeout = Math.min(this.timeoutMs, this.budgetMs - (this.now() - started));
      lastStatus = undefined;
      lastError = undefined;
      try {
        const url = new URL(delivery.url);
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
          throw Object.assign(new Error('Unsupported URL'), { code: 'ERR_INVALID_URL_SCHEME' });
        if (this.options.blockPrivateAddresses) assertPublicHost(url);
        const headers = {
          'content-type': 'application/json',
          'user-agent': 'Relais-Webhooks/1.0',
          [EVENT_ID_HEADER]: delivery.eventId,
          [SIGNATURE_HEADER]: signatureHeader(delivery.secret, delivery.body, Math.floor(this.now() / 1000)),
        };
        lastStatus = await post(url, this.agents[url.protocol], headers, delivery.body, Math.max(timeout, 1));
      } catch (error) {
        lastError = failureName(error);
      }
      const delivered = lastStatus !== undefined && lastStatus >= 200 && lastStatus < 300;
      // A record of the attempt (the local outbox) must never decide whether it counts.
      await this.options
        .onAttempt?.({
          eventId: delivery.eventId,
          organisationId: delivery.organisationId,
          url: delivery.url,
          attempt,
          ...(lastStatus !== undefined ? { status: lastStatus } : {}),
          ...(lastError ? { error: lastError } : {}),
          delivered,
          body: delivery.body,
        })
        .catch(() => undefined);
      if (delivered) return { attempts: attempt, status: lastStatus as number };
      this.options.log?.warn('Webhook attempt failed', {
        eventId: delivery.eventId,
        organisationId: delivery.organisationId,
        host: hostOf(delivery.url),
        attempt,
        status: lastStatus,
        errorName: lastError,
      });
    }
    throw new WebhookDeliveryError(attempt, lastStatus, lastError);
  }
}
