import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One recorded exchange: what was asked (method, path, query) and what was answered. */
export interface RecordedExchange {
  request: { method: string; path: string; query: Record<string, string> };
  response: { status: number; body: unknown };
}

/** A request as this test's code sent it (its key header kept, to check it). */
export interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

/**
 * A `fetch` that replays recorded exchanges in their order (test/fixtures/<dir>/<name>.json) and
 * keeps the requests sent: a request that is not the next recorded one fails the call (its
 * message says which), so the test asserts what was sent, not only what came back. `pending()`
 * lists the exchanges not asked for (a test ends with none).
 */
export function replayFetch(fixture: string) {
  const recorded = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', `${fixture}.json`), 'utf8')) as {
    exchanges: RecordedExchange[];
  };
  const exchanges = [...recorded.exchanges];
  const sent: SentRequest[] = [];
  /** Requests that were not the next recorded one (the code under test may swallow the failed call). */
  const mismatches: string[] = [];
  const replay = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const request: SentRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      headers,
    };
    sent.push(request);
    const next = exchanges.shift();
    const asked = JSON.stringify({ method: request.method, path: request.path, query: request.query });
    const expected = next ? JSON.stringify(next.request) : 'nothing more';
    if (!next || asked !== JSON.stringify({ method: next.request.method, path: next.request.path, query: next.request.query })) {
      mismatches.push(`asked ${asked}, recorded ${expected}`);
      throw new Error(`replayFetch(${fixture}): asked ${asked}, recorded ${expected}`);
    }
    const { status, body } = next.response;
    return new Response(body === null || body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: replay as typeof fetch, sent, mismatches, pending: () => exchanges, origin: 'https://rdv.example.test' };
}
