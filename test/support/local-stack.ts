import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TEMPLATE_PREFIX, copyDemoTemplate, deleteTables } from './demo-template';
import { localTables } from '../../infra/local/tables';
import { SERVICES } from '../../services/index';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/stack';

/** A local stack on the run's shared DynamoDB Local, with tables of its own. */
export async function startTestStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const endpoint = process.env.RELAIS_TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('RELAIS_TEST_DYNAMODB_ENDPOINT is not set: run the tests with jest (global setup)');
  const tablePrefix = options.tablePrefix ?? `t${randomBytes(4).toString('hex')}`;
  // The demo comes from the run's template (test/support/demo-template.ts), copied before the
  // stack starts, rather than loaded again; a stack on tables of its own choosing loads it itself.
  let seedDemo = options.seedDemo ?? true;
  if (seedDemo && !options.tablePrefix && process.env.RELAIS_TEST_DEMO_TEMPLATE === DEMO_TEMPLATE_PREFIX) {
    await copyDemoTemplate(endpoint, tablePrefix);
    seedDemo = false;
  }
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: endpoint,
    dataDir: mkdtempSync(join(tmpdir(), 'relais-test-')),
    buildSpa: false,
    retryBaseMs: 10,
    // Brotli over the whole SPA at every start was most of an idle stack's CPU in a full run.
    warmStatic: false,
    ...options,
    tablePrefix,
    seedDemo,
  });
  if (options.tablePrefix) return stack;
  // The run shares one DynamoDB Local: a stopped stack's tables go, so that the next files do
  // not pay for thousands of tables left behind (DynamoDB Local slows down as they pile up).
  const stop = stack.stop.bind(stack);
  let stopping: Promise<void> | undefined;
  stack.stop = () => {
    stopping ??= stop().then(() => deleteTables(endpoint, localTables(SERVICES, tablePrefix).map((t) => t.name)));
    return stopping;
  };
  return stack;
}

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes
  body: any;
  headers: Headers;
}

export interface Api {
  token(username: string): Promise<string>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<ApiAnswer>;
}

export function apiClient(baseUrl: string): Api {
  const tokens = new Map<string, string>();
  const call: Api['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    call,
    async token(username) {
      let token = tokens.get(username);
      if (!token) {
        const res = await call('POST', '/api/auth/dev/token', { body: { username } });
        if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
        token = res.body.accessToken as string;
        tokens.set(username, token);
      }
      return token;
    },
  };
}
