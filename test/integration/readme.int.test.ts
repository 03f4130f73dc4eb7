import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { apiClient, startTestStack } from '../support/local-stack';

/** The README's "Adding a route" section is the real thing: its two snippets are in the code, and the route works. */
const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Adding a route'), readme.indexOf('## Adding an event subscription'));
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('README: adding a route', () => {
  let stack: LocalStack;
  afterAll(async () => {
    await stack?.stop();
  });

  it('shows a route module, its line in the manifest and a handler file, all as they are in the code', () => {
    expect(blocks).toHaveLength(3);
    const [routeFile, manifestLine, handlerFile] = blocks as [string, string, string];
    for (const file of [routeFile, handlerFile]) {
      const path = /^\/\/ (\S+)/.exec(file)?.[1] ?? '';
      expect(squash(readFileSync(join(ROOT, path), 'utf8'))).toBe(squash(file.replace(/^\/\/.*\n/, '')));
    }
    // The manifest lists the route's object among its routes.
    const listed = /routes: \[\/\* … \*\/ (\w+)\]/.exec(manifestLine)?.[1] ?? '';
    expect(listed).toBe('getOrganisationSitesRoute');
    const manifest = readFileSync(join(ROOT, 'services/directory/service.ts'), 'utf8');
    expect(manifest).toContain(`import { ${listed} } from './routes/get-organisation-sites.route';`);
    expect(squash(manifest.slice(manifest.indexOf('routes: ['), manifest.indexOf(']', manifest.indexOf('routes: ['))))).toContain(
      `${listed},`,
    );
  });

  it('serves the route with authentication, validation and paging from the kernel', async () => {
    stack = await startTestStack();
    const api = apiClient(stack.url);
    const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
    const unauthenticated = await api.call('GET', `/api/organisations/${caf.id}/sites`);
    expect(unauthenticated.status).toBe(401);
    const token = await api.token('agent.gramat');
    const res = await api.call('GET', `/api/organisations/${caf.id}/sites`, { token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id).sort()).toEqual(
      DEMO_SITES.filter((s) => s.organisationId === caf.id)
        .map((s) => s.id)
        .sort(),
    );
    const bad = await api.call('GET', '/api/organisations/not-an-id/sites?limit=0', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['path.id', 'query.limit']);
  });
});
