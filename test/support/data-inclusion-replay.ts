import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures', 'data-inclusion');

export interface ReplayedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

/**
 * A local stand-in for the data·inclusion API: answers the recorded pages of
 * test/fixtures/data-inclusion by path and `page`, 401 without the expected bearer token, and
 * keeps every request it received so that a test can assert what the client asked.
 */
export async function startDataInclusionReplay(
  token: string,
): Promise<{ url: string; requests: ReplayedRequest[]; stop(): Promise<void> }> {
  const requests: ReplayedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? '', path: url.pathname, query, authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"Not authenticated"}');
      return;
    }
    const list = { '/api/v1/structures': 'structures', '/api/v1/services': 'services' }[url.pathname];
    if (!list) {
      res.writeHead(404).end();
      return;
    }
    let body: string;
    try {
      body = readFileSync(join(FIXTURES, `${list}-page-${Number(query.page)}.json`), 'utf8');
    } catch {
      // Past the last page the API answers an empty page.
      body = JSON.stringify({ items: [], total: 0, page: Number(query.page), size: Number(query.size), pages: 0 });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
