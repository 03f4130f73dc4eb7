/**
 * The local stack's pages (issue 19, « pages that load at once »): the built SPA served by the
 * local HTTP server (infra/local/http-server.ts) as CloudFront serves it — compressed per
 * Accept-Encoding, Vite's hashed assets cached for a year, index.html revalidated, a real 404
 * page for an address that is nothing, and a real robots.txt.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createLocalHttpServer, negotiateEncoding } from '../../infra/local/http-server';
import { ensureSpaBuilt } from '../support/browser';

jest.setTimeout(240_000);

const REPO_ROOT = resolve(__dirname, '..', '..');
const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes on the wire (still compressed when content-encoding says so). */
  raw: Buffer;
}

/** A raw request: fetch would decompress and hide what the server sent. */
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the local server’s pages', () => {
  let server: Server;
  let base: string;
  let script: string;

  beforeAll(async () => {
    ensureSpaBuilt();
    const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    script = /src="(\/assets\/index-[^"]+\.js)"/.exec(index)?.[1] ?? '';
    server = createLocalHttpServer({ repoRoot: REPO_ROOT, services: [], webDist: WEB_DIST, spaConfig: { mode: 'local' }, spaReady: () => true });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server?.close(done));
  });

  it('negotiates the coding: brotli first, else gzip, else none, and never one refused with q=0', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBe('identity');
    expect(negotiateEncoding(undefined)).toBe('identity');
  });

  it('sends the entry script compressed with brotli or gzip as asked, the same bytes once decoded', async () => {
    expect(script).toMatch(/^\/assets\/index-[\w-]+\.js$/);
    const plain = await get(base, script);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.raw.equals(readFileSync(join(WEB_DIST, script)))).toBe(true);

    const br = await get(base, script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.raw.length);
    expect(brotliDecompressSync(br.raw).equals(plain.raw)).toBe(true);
    // Minified JavaScript shrinks to well under half.
    expect(br.raw.length).toBeLessThan(plain.raw.length / 2);

    const gzip = await get(base, script, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.raw).equals(plain.raw)).toBe(true);
    expect(gzip.raw.length).toBeLessThan(plain.raw.length / 2);

    const html = await get(base, '/', { 'accept-encoding': 'br' });
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(brotliDecompressSync(html.raw).toString('utf8')).toContain('<div id="root">');
  });

  it('caches every hashed asset for a year as immutable, and revalidates index.html at every load', async () => {
    const assets = readdirSync(join(WEB_DIST, 'assets'));
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      const answer = await get(base, `/assets/${asset}`, { 'accept-encoding': 'br' }, 'HEAD');
      expect([asset, answer.status, answer.headers['cache-control']]).toEqual([asset, 200, 'public, max-age=31536000, immutable']);
    }
    for (const path of ['/', '/index.html', '/carte', '/carte/embarquee', '/auth/callback']) {
      const answer = await get(base, path);
      expect([path, answer.status, answer.headers['cache-control']]).toEqual([path, 200, 'no-cache']);
      expect(answer.raw.toString('utf8')).toContain(script);
    }
    const favicon = await get(base, '/favicon.svg');
    expect([favicon.status, favicon.headers['cache-control'], favicon.headers['content-type']]).toEqual([200, 'no-cache', 'image/svg+xml']);
  });

  it('answers 404 with a French page linking home for an address that is neither a page nor a file', async () => {
    for (const path of ['/personnes/01K0000000', '/wp-login.php', '/assets/absent-12345678.js', '/carte-du-lot', '/%E0%A4%A', '/.vite/manifest.json', '/..%2fpackage.json']) {
      const answer = await get(base, path, { 'accept-encoding': 'gzip' });
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
      const page = answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.raw).toString('utf8') : answer.raw.toString('utf8');
      expect(page).toContain('<html lang="fr">');
      expect(page).toContain('Page introuvable');
      expect(page).toMatch(/<a href="\/">[^<]+<\/a>/);
      // Never the SPA under a 404 (it would load the application for a mistyped address).
      expect(page).not.toContain('id="root"');
    }
  });

  it('serves a real robots.txt: the public map may be indexed, the API and the application may not', async () => {
    const answer = await get(base, '/robots.txt');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = answer.raw
      .toString('utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(lines).toContain('User-agent: *');
    expect(lines).toContain('Allow: /carte');
    expect(lines).toContain('Disallow: /api/');
    expect(lines).toContain('Disallow: /');
    expect(answer.raw.toString('utf8')).not.toContain('<html');
  });
});
