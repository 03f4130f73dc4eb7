import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT, generateKeyPair } from 'jose';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { SERVICES } from '../../services/index';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
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

const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const departement = DEMO_ORGANISATIONS.find((o) => o.type === 'departements')!;
const cafSite = DEMO_SITES.find((s) => s.organisationId === caf.id)!;

function newSite(organisationId: string, overrides: Record<string, unknown> = {}) {
  return {
    organisationId,
    name: 'Point d’accueil de Lalbenque',
    address: 'Place de la Mairie, 46230 Lalbenque',
    communeCode: '46156',
    location: { lon: 1.5466, lat: 44.3386 },
    openingHours: 'Mo-Fr 09:00-12:00',
    unconditionalReception: true,
    themes: ['numerique', 'logement-hebergement'],
    ...overrides,
  };
}

describe('identity', () => {
  it('signs in every demo user and /api/me answers their identity', async () => {
    for (const user of DEMO_USERS) {
      const token = await api.token(user.username);
      const me = await api.call('GET', '/api/me', { token });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        id: user.sub,
        name: user.name,
        roles: [user.role],
        organisationId: user.organisationId,
        siteId: user.siteId,
      });
    }
  });

  it('answers 401 problem+json without a token, with a forged token and with a garbage token', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('intruder')
      .setIssuer('relais-local')
      .setAudience('relais-spa')
      .setExpirationTime('1h')
      .sign(privateKey);
    for (const token of [undefined, forged, 'not-a-jwt']) {
      const res = await api.call('GET', '/api/me', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, title: expect.any(String), detail: expect.any(String) });
    }
  });

  it('refuses an unknown demo user naming the field', async () => {
    const res = await api.call('POST', '/api/auth/dev/token', { body: { username: 'nobody' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'body.username', message: expect.any(String) }]);
  });

  it('answers health without a token', async () => {
    const res = await api.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', mode: 'local' });
  });
});

describe('directory reads', () => {
  it('lists the demo sites page by page without losing or repeating any', async () => {
    const token = await api.token('agent.gramat');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/sites?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api.call('GET', query, { token });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...res.body.items.map((s: { id: string }) => s.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(DEMO_SITES.map((s) => s.id).sort());
  });

  it('filters sites by commune, theme and unconditional reception', async () => {
    const token = await api.token('agent.gramat');
    const figeac = await api.call('GET', '/api/sites?commune=46102&limit=200', { token });
    expect(figeac.body.items.length).toBe(DEMO_SITES.filter((s) => s.communeCode === '46102').length);
    expect(figeac.body.items.every((s: { communeCode: string }) => s.communeCode === '46102')).toBe(true);

    const unconditional = await api.call('GET', '/api/sites?unconditional=true&limit=200', { token });
    expect(unconditional.body.items.length).toBe(DEMO_SITES.filter((s) => s.unconditionalReception).length);

    const theme = DEMO_SITES[0]!.themes[0]!;
    const byTheme = await api.call('GET', `/api/sites?theme=${theme}&limit=3`, { token });
    expect(byTheme.body.items.length).toBe(Math.min(3, DEMO_SITES.filter((s) => s.themes.includes(theme)).length));
    expect(byTheme.body.items.every((s: { themes: string[] }) => s.themes.includes(theme))).toBe(true);
  });

  it('filters organisations by type and by an accent-insensitive name fragment', async () => {
    const token = await api.token('pilote');
    const byType = await api.call('GET', '/api/organisations?type=ccas-cias', { token });
    expect(byType.body.items.map((o: { id: string }) => o.id).sort()).toEqual(
      DEMO_ORGANISATIONS.filter((o) => o.type === 'ccas-cias')
        .map((o) => o.id)
        .sort(),
    );
    const byName = await api.call('GET', '/api/organisations?q=DEPARTEMENTAL', { token });
    expect(byName.body.items.map((o: { id: string }) => o.id)).toEqual([departement.id]);
  });

  it('reads one site and answers 404 for an unknown one', async () => {
    const token = await api.token('agent.gramat');
    const res = await api.call('GET', `/api/sites/${cafSite.id}`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: cafSite.id, name: cafSite.name, version: 1 });
    const missing = await api.call('GET', '/api/sites/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token });
    expect(missing.status).toBe(404);
    expect(missing.body.status).toBe(404);
  });

  it('lists every bad query field at once and refuses a forged cursor', async () => {
    const token = await api.token('agent.gramat');
    const res = await api.call('GET', '/api/sites?limit=500&commune=4&theme=nope&colour=red', { token });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['query.colour', 'query.commune', 'query.limit', 'query.theme'].sort(),
    );
    const forged = Buffer.from(JSON.stringify({ gsi1pk: 'ORGS', pk: 'x', sk: 'y', gsi1sk: 'z' })).toString('base64url');
    const bad = await api.call('GET', `/api/sites?cursor=${forged}`, { token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.cursor');
  });
});

describe('directory writes', () => {
  it('lets the coordinator create an organisation and a site, announced by events', async () => {
    const token = await api.token('pilote');
    const org = await api.call('POST', '/api/organisations', {
      token,
      body: { name: 'Secours populaire du Lot', type: 'secours-populaire', notification: { email: 'lot@example.org' } },
    });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({ name: 'Secours populaire du Lot', networkMember: true, version: 1 });
    const site = await api.call('POST', '/api/sites', { token, body: newSite(org.body.id) });
    expect(site.status).toBe(201);
    expect(site.body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    // The outbox item was written with the site, and the relay published it.
    await stack.drain();
    const outbox = await ddb().send(
      new QueryCommand({
        TableName: tableName('directory', 'main'),
        IndexName: 'outbox',
        KeyConditionExpression: 'outboxPending = :p',
        ExpressionAttributeValues: { ':p': 'PENDING' },
      }),
    );
    expect(outbox.Items).toEqual([]);
    const projection = await ddb().send(
      new GetCommand({ TableName: tableName('indicators', 'main'), Key: { pk: `ORG#${org.body.id}`, sk: `SITE#${site.body.id}` } }),
    );
    // The indicators' census: a network member's unconditional site, on the public map.
    expect(projection.Item).toMatchObject({ version: 1, unconditional: true, onPublicMap: true, network: true, onMap: true });
  });

  it('keeps the article the name takes (ADR 0028), changes it, refuses an unknown one; intake learns it from the event', async () => {
    const token = await api.token('pilote');
    const org = await api.call('POST', '/api/organisations', { token, body: { name: 'UDAF du Lot', article: 'l’', type: 'unaf' } });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({ name: 'UDAF du Lot', article: 'l’' });
    const bad = await api.call('PATCH', `/api/organisations/${org.body.id}`, { token, body: { article: 'der', version: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.article']);
    const none = await api.call('PATCH', `/api/organisations/${org.body.id}`, { token, body: { article: '', version: 1 } });
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ article: '', version: 2 });
    await stack.drain();
    const projection = await ddb().send(
      new GetCommand({ TableName: tableName('intake', 'main'), Key: { pk: `ORG#${org.body.id}`, sk: 'ORG' } }),
    );
    expect(projection.Item).toMatchObject({ name: 'UDAF du Lot', article: '', version: 2 });
  });

  it('sets where an organisation’s appointments are booked (ADR 0042): coordination only, the secret by name, appointments learns it', async () => {
    const token = await api.token('pilote');
    const current = await api.call('GET', `/api/organisations/${caf.id}`, { token });
    const bad = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token,
      body: {
        appointmentBook: {
          kind: 'rdv-service-public',
          baseUrl: 'https://rdv.anct.gouv.fr/api',
          organisationRef: 'a b',
          tokenSecretName: 'Clé!',
        },
        version: current.body.version,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.appointmentBook.baseUrl',
      'body.appointmentBook.organisationRef',
      'body.appointmentBook.tokenSecretName',
    ]);
    // The key itself is never taken.
    const withKey = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token,
      body: { appointmentBook: { kind: 'relais', token: 'une-cle' }, version: current.body.version },
    });
    expect(withKey.status).toBe(400);
    const choice = {
      kind: 'rdv-service-public',
      baseUrl: 'https://rdv.anct.gouv.fr',
      organisationRef: '1090',
      tokenSecretName: 'caf-du-lot',
    };
    const partner = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token: await api.token('partenaire.caf'),
      body: { appointmentBook: choice, version: current.body.version },
    });
    expect(partner.status).toBe(403);
    expect(partner.body.errors).toEqual([{ path: 'body.appointmentBook', message: 'Réservé à la coordination' }]);
    expect((await api.call('GET', `/api/organisations/${caf.id}`, { token })).body.version).toBe(current.body.version);

    const set = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token,
      body: { appointmentBook: choice, version: current.body.version },
    });
    expect(set.status).toBe(200);
    expect(set.body.appointmentBook).toEqual(choice);
    await stack.drain();
    const projection = await ddb().send(
      new GetCommand({ TableName: tableName('appointments', 'main'), Key: { pk: `ORGANISATION#${caf.id}`, sk: 'ORGANISATION' } }),
    );
    expect(projection.Item).toMatchObject({ appointmentBook: choice, version: set.body.version });
    // Read back, and kept by an edit of another field (the store once wrote it and never read it).
    expect((await api.call('GET', `/api/organisations/${caf.id}`, { token })).body.appointmentBook).toEqual(choice);
    const other = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token: await api.token('partenaire.caf'),
      body: { description: 'Accueil sur rendez-vous.', version: set.body.version },
    });
    expect(other.status).toBe(200);
    expect(other.body.appointmentBook).toEqual(choice);
    expect((await api.call('GET', `/api/organisations/${caf.id}`, { token })).body.appointmentBook).toEqual(choice);
    await stack.drain();
    const kept = await ddb().send(
      new GetCommand({ TableName: tableName('appointments', 'main'), Key: { pk: `ORGANISATION#${caf.id}`, sk: 'ORGANISATION' } }),
    );
    expect(kept.Item).toMatchObject({ appointmentBook: choice, version: other.body.version });

    const back = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token,
      body: { appointmentBook: null, version: other.body.version },
    });
    expect(back.status).toBe(200);
    expect(back.body.appointmentBook).toBeUndefined();
    expect((await api.call('GET', `/api/organisations/${caf.id}`, { token })).body.appointmentBook).toBeUndefined();
    await stack.drain();
    const cleared = await ddb().send(
      new GetCommand({ TableName: tableName('appointments', 'main'), Key: { pk: `ORGANISATION#${caf.id}`, sk: 'ORGANISATION' } }),
    );
    expect(cleared.Item?.appointmentBook).toBeUndefined();
  });

  it('lists every bad body field, stores nothing, and rejects unknown fields', async () => {
    const token = await api.token('pilote');
    const res = await api.call('POST', '/api/sites', {
      token,
      body: {
        organisationId: 'nope',
        name: 'x',
        address: 'Rue',
        communeCode: '123',
        location: { lon: -74, lat: 40.7 },
        themes: ['jardinage'],
        phone: '0565',
        email: 'pas-un-courriel',
        surprise: true,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [
        'body.organisationId',
        'body.name',
        'body.communeCode',
        'body.location',
        'body.themes.0',
        'body.phone',
        'body.email',
        'body.surprise',
      ].sort(),
    );
    const sites = await api.call('GET', '/api/sites?commune=46156&limit=200', { token });
    expect(sites.body.items.every((s: { name: string }) => s.name !== 'x')).toBe(true);
  });

  it('answers 400 for malformed JSON, 415 for another media type and 413 over 64 KiB', async () => {
    const token = await api.token('pilote');
    const broken = await api.call('POST', '/api/organisations', {
      token,
      rawBody: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.errors).toEqual([{ path: 'body', message: 'JSON invalide' }]);
    const text = await api.call('POST', '/api/organisations', { token, rawBody: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const huge = await api.call('POST', '/api/organisations', {
      token,
      body: { name: 'Grande structure', type: 'caf', charter: { signedOn: '2025-01-01', commitments: ['x'.repeat(70 * 1024)] } },
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('refuses directory edits to reception agents and social workers (403)', async () => {
    for (const username of ['agent.gramat', 'ts.figeac']) {
      const token = await api.token(username);
      const create = await api.call('POST', '/api/organisations', { token, body: { name: 'Nouvelle', type: 'caf' } });
      expect(create.status).toBe(403);
      const patch = await api.call('PATCH', `/api/sites/${cafSite.id}`, { token, body: { name: 'Renommé', version: 1 } });
      expect(patch.status).toBe(403);
    }
  });

  it('lets a partner edit its own organisation and sites, and only those', async () => {
    const token = await api.token('partenaire.caf');
    const own = await api.call('GET', `/api/sites/${cafSite.id}`, { token });
    const patched = await api.call('PATCH', `/api/sites/${cafSite.id}`, {
      token,
      body: { openingHours: 'Mo-Th 09:00-12:00', version: own.body.version },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ openingHours: 'Mo-Th 09:00-12:00', version: own.body.version + 1 });

    const otherSite = DEMO_SITES.find((s) => s.organisationId === departement.id)!;
    const other = await api.call('PATCH', `/api/sites/${otherSite.id}`, { token, body: { name: 'Pris', version: 1 } });
    expect(other.status).toBe(403);
    const otherOrg = await api.call('PATCH', `/api/organisations/${departement.id}`, { token, body: { name: 'Pris', version: 1 } });
    expect(otherOrg.status).toBe(403);
    const foreignSite = await api.call('POST', '/api/sites', { token, body: newSite(departement.id) });
    expect(foreignSite.status).toBe(403);
    const ownSite = await api.call('POST', '/api/sites', { token, body: newSite(caf.id, { name: 'CAF – point numérique' }) });
    expect(ownSite.status).toBe(201);
  });

  it('answers 409 to an edit based on a stale version and keeps the newer data', async () => {
    const token = await api.token('pilote');
    const site = await api.call('GET', `/api/sites/${DEMO_SITES[1]!.id}`, { token });
    const first = await api.call('PATCH', `/api/sites/${site.body.id}`, {
      token,
      body: { name: 'Premier nom', version: site.body.version },
    });
    expect(first.status).toBe(200);
    const second = await api.call('PATCH', `/api/sites/${site.body.id}`, {
      token,
      body: { name: 'Second nom', version: site.body.version },
    });
    expect(second.status).toBe(409);
    expect(second.body.errors[0].path).toBe('body.version');
    const now = await api.call('GET', `/api/sites/${site.body.id}`, { token });
    expect(now.body).toMatchObject({ name: 'Premier nom', version: site.body.version + 1 });
  });

  it('replays a creating POST with the same Idempotency-Key instead of creating twice', async () => {
    const token = await api.token('pilote');
    const body = { name: 'Restos du cœur – Cahors', type: 'restos-du-coeur' };
    const headers = { 'idempotency-key': 'creation-restos-1' };
    const first = await api.call('POST', '/api/organisations', { token, body, headers });
    const again = await api.call('POST', '/api/organisations', { token, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const list = await api.call('GET', '/api/organisations?type=restos-du-coeur', { token });
    expect(list.body.items).toHaveLength(1);
    const reused = await api.call('POST', '/api/organisations', { token, body: { ...body, name: 'Autre' }, headers });
    expect(reused.status).toBe(422);
  });
});

describe('API description', () => {
  it('documents every route of every manifest in OpenAPI 3.1', async () => {
    const res = await api.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const service of SERVICES) {
      for (const route of service.routes) {
        const operation = res.body.paths[route.path]?.[route.method.toLowerCase()];
        expect(operation).toMatchObject({ operationId: `${service.name}.${route.id}`, summary: route.summary });
      }
    }
    const createSite = res.body.paths['/api/sites'].post;
    expect(createSite.requestBody.content['application/json'].schema.required).toEqual([
      'organisationId',
      'name',
      'address',
      'communeCode',
    ]);
  });
});
