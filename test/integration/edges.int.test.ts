/**
 * Input that is not valid never answers 500 (issue 12, point 7): broken percent-encoding in
 * paths, dates out of range, forged cursors, bodies and headers too large — each answered with
 * a problem+json the client can read, by the local gateway and the handlers alike.
 */
import { request } from 'node:http';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

let stack: LocalStack;
let api: Api;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
});

afterAll(async () => {
  await stack?.stop();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path as given (fetch would re-encode it), the body streamed as the client sends it. */
function raw(method: string, path: string, headers: Record<string, string | number>, body?: Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: stack.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const problem = (answer: RawAnswer) => {
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  return JSON.parse(answer.body) as { status: number; title: string; detail: string; errors?: Array<{ path: string; message: string }> };
};

describe('broken percent-encoding in paths', () => {
  it('answers 400 problem+json naming the path parameter, never 500', async () => {
    const token = await api.token('agent.gramat');
    for (const path of ['/api/persons/%E0%A4%A/history', '/api/sites/%', '/api/sites/%zz', '/api/organisations/%C0%AF']) {
      const answer = await raw('GET', path, { authorization: `Bearer ${token}` });
      expect(answer.status).toBe(400);
      const body = problem(answer);
      expect(body.errors).toEqual([{ path: 'path.id', message: expect.stringMatching(/Encodage/) }]);
      expect(answer.body).not.toContain('%E0');
    }
  });

  it('still answers 401 first without a token, as the authorizer does', async () => {
    expect((await raw('GET', '/api/sites/%', {})).status).toBe(401);
  });
});

describe('dates out of range', () => {
  it('refuses a reception dated after 9999 or before 1900 (400, French message), and lists to the last day of 9999', async () => {
    const token = await api.token('agent.gramat');
    const site = DEMO_SITES.find((s) => s.name.includes('Gramat'))!;
    for (const receivedAt of ['10000-01-01T00:00:00Z', '9999-12-31T23:30:00-05:00', '1899-12-31T12:00:00Z']) {
      const res = await api.call('POST', '/api/receptions', {
        token,
        body: { siteId: site.id, channel: 'phone', themes: [site.themes[0]], receivedAt },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ path: 'body.receivedAt', message: expect.stringMatching(/^Date hors des limites/) });
    }
    const list = await api.call('GET', '/api/receptions?from=1900-01-01&to=9999-12-31', { token });
    expect(list.status).toBe(200);
    const far = await api.call('GET', '/api/receptions?to=10000-01-01', { token });
    expect(far.status).toBe(400);
    expect(far.body.errors[0]).toMatchObject({ path: 'query.to', message: expect.stringMatching(/^Date hors des limites/) });
  });

  it('refuses a birth date before 1900 and a network event after 9999', async () => {
    const agent = await api.token('agent.gramat');
    const person = await api.call('POST', '/api/persons', {
      token: agent,
      body: {
        lastName: 'Ancien',
        firstName: 'Très',
        birthDate: '1850-01-01',
        consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
      },
    });
    expect(person.status).toBe(400);
    expect(person.body.errors).toEqual([{ path: 'body.birthDate', message: expect.stringMatching(/^Date hors des limites/) }]);
    const pilote = await api.token('pilote');
    const event = await api.call('POST', '/api/network-events', {
      token: pilote,
      body: { kind: 'formation', title: 'Formation', date: '10000-01-01', participants: [] },
    });
    expect(event.status).toBe(400);
    expect(event.body.errors).toContainEqual({ path: 'body.date', message: expect.stringMatching(/^Date hors des limites/) });
  });

  it('answers 400, not 500, to survey results asked from a date after today', async () => {
    const token = await api.token('pilote');
    const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
    const res = await api.call('GET', `/api/surveys/results?organisationId=${caf.id}&from=2100-12-30`, { token });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'query.from', message: expect.any(String) }]);
  });
});

describe('signed pagination cursors', () => {
  it('continues with its own cursor and refuses it tampered, truncated or taken from another list', async () => {
    const token = await api.token('agent.gramat');
    const first = await api.call('GET', '/api/sites?limit=2', { token });
    const cursor: string = first.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    expect((await api.call('GET', `/api/sites?limit=2&cursor=${encodeURIComponent(cursor)}`, { token })).status).toBe(200);

    const [payload, signature] = cursor.split('.') as [string, string];
    const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = `${Buffer.from(JSON.stringify({ ...key, sk: 'AUTRE' })).toString('base64url')}.${signature}`;
    const organisations = await api.call('GET', '/api/organisations?limit=2', { token });
    const foreign: string = organisations.body.nextCursor;
    for (const bad of [tampered, cursor.slice(0, -2), payload, foreign, 'x']) {
      const res = await api.call('GET', `/api/sites?limit=2&cursor=${encodeURIComponent(bad)}`, { token });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(res.body.errors).toEqual([{ path: 'query.cursor', message: expect.stringMatching(/^Curseur de pagination invalide/) }]);
    }
  });
});

describe('bodies and headers too large', () => {
  it('answers 413 problem+json to a 200 KiB body sent with fetch (no reset connection)', async () => {
    const token = await api.token('pilote');
    const res = await fetch(`${stack.url}/api/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(200 * 1024), type: 'caf' }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 413, code: 'kernel.payload-too-large', title: 'Envoi trop volumineux' });
  });

  it('answers 413 to 3 MiB streamed to a 1 MiB route, and to 200 KiB sent without a token', async () => {
    const token = await api.token('pilote');
    const big = Buffer.alloc(3 * 1024 * 1024, 'a');
    const answer = await raw(
      'POST',
      '/api/directory/import',
      { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': big.length },
      big,
    );
    expect(answer.status).toBe(413);
    expect(problem(answer).detail).toMatch(/1024 Kio/);
    const anonymous = await raw('POST', '/api/organisations', { 'content-type': 'application/json' }, Buffer.alloc(200 * 1024, 'b'));
    expect([401, 413]).toContain(anonymous.status);
    problem(anonymous);
  });

  it('answers 431 problem+json to headers over 16 KiB', async () => {
    const answer = await raw('GET', '/api/health', { 'x-padding': 'p'.repeat(20 * 1024) });
    expect(answer.status).toBe(431);
    expect(problem(answer)).toMatchObject({ status: 431, title: 'En-têtes trop volumineux' });
  });

  it('ignores the body of a route that takes none (no 413 on a GET)', async () => {
    const body = Buffer.alloc(100 * 1024, 'c');
    const answer = await raw('GET', '/api/health', { 'content-type': 'application/json', 'content-length': body.length }, body);
    expect(answer.status).toBe(200);
  });
});

describe('exports', () => {
  it('answers the yearly report as CSV and XLSX with their content types', async () => {
    const token = await api.token('pilote');
    const year = new Date().getFullYear();
    const csv = await api.call('GET', `/api/indicators/export?year=${year}&format=csv`, { token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const xlsx = await api.call('GET', `/api/indicators/export?year=${year}&format=xlsx`, { token });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});
