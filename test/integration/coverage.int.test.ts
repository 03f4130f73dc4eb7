/**
 * Issue 3's acceptance, through HTTP on the local stack: the 30-minute coverage of the Lot,
 * the nearest reception point, the import of the Lot's real France Services (data·inclusion),
 * the open-format exports checked against the official schemas, and the public map's API.
 * The commune reference comes from ../shared/data (RELAIS_COMMUNES_FILE), as the issue says.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { resetSettings, tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { franceServicesToDataInclusion } from '../support/france-services';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

const SHARED = resolve(__dirname, '..', '..', '..', 'shared');
const COMMUNES_FILE = join(SHARED, 'data', 'communes-centroids.csv');
const FRANCE_SERVICES = join(SHARED, 'data', 'lot-france-services.csv');
const SCHEMAS = join(SHARED, 'reference', 'schemas');

/** The INSEE population of the Lot's current communes, from the package the product uses. */
function lotPopulation(): { communes: number; population: number } {
  const all = require('@etalab/decoupage-administratif/data/communes.json') as Array<{
    departement: string;
    type: string;
    population?: number;
  }>;
  const lot = all.filter((c) => c.departement === '46' && c.type === 'commune-actuelle');
  return { communes: lot.length, population: lot.reduce((sum, c) => sum + (c.population ?? 0), 0) };
}

let stack: LocalStack;
let api: Api;
let pilote: string;
let agent: string;

beforeAll(async () => {
  process.env.RELAIS_COMMUNES_FILE = COMMUNES_FILE;
  resetSettings();
  stack = await startTestStack();
  api = apiClient(stack.url);
  pilote = await api.token('pilote');
  agent = await api.token('agent.gramat');
});

afterAll(async () => {
  await stack?.stop();
  delete process.env.RELAIS_COMMUNES_FILE;
  resetSettings();
});

describe('coverage of the Lot', () => {
  it('lists the 312 communes with the INSEE population total and a rate consistent with its figures', async () => {
    const answer = await api.call('GET', '/api/coverage', { token: pilote });
    expect(answer.status).toBe(200);
    const coverage = answer.body;
    const insee = lotPopulation();
    expect(coverage.communes).toHaveLength(312);
    expect(insee.communes).toBe(312);
    expect(coverage.populationTotal).toBe(insee.population);
    expect(coverage.thresholdMinutes).toBe(30);
    expect(coverage.method).toBe('estimate');
    const sum = (list: Array<{ population: number }>) => list.reduce((s, c) => s + c.population, 0);
    expect(sum(coverage.communes)).toBe(coverage.populationTotal);
    type C = { population: number; covered: boolean; minutes: number | null };
    expect(sum(coverage.communes.filter((c: C) => c.covered))).toBe(coverage.populationCovered);
    expect(coverage.rate).toBeCloseTo(coverage.populationCovered / coverage.populationTotal, 10);
    for (const c of coverage.communes as C[]) expect(c.covered).toBe(c.minutes !== null && c.minutes <= 30);
    expect(coverage.rate).toBeGreaterThan(0);
    expect(coverage.rate).toBeLessThanOrEqual(1);
  });

  it('agrees with the nearest-site search for the communes farthest from a point', async () => {
    const coverage = (await api.call('GET', '/api/coverage', { token: pilote })).body;
    type C = { code: string; minutes: number; nearestSiteId: string };
    const farthest = [...(coverage.communes as C[])].sort((a, b) => b.minutes - a.minutes).slice(0, 3);
    for (const commune of farthest) {
      const nearest = await api.call('GET', `/api/sites/nearest?commune=${commune.code}&unconditional=true&limit=1`, { token: agent });
      expect({ code: commune.code, site: nearest.body[0].site.id, minutes: nearest.body[0].minutes }).toEqual({
        code: commune.code,
        site: commune.nearestSiteId,
        minutes: commune.minutes,
      });
    }
  });

  it('counts a commune beyond the threshold as not covered, in the figures too', async () => {
    // A threshold of 5 minutes leaves most of the Lot uncovered with the same network.
    process.env.RELAIS_COVERAGE_THRESHOLD_MINUTES = '5';
    resetSettings();
    try {
      const strict = (await api.call('POST', '/api/coverage/refresh', { token: pilote })).body;
      expect(strict.thresholdMinutes).toBe(5);
      expect(strict.rate).toBeLessThan(0.9);
      const uncovered = strict.communes.filter((c: { covered: boolean }) => !c.covered);
      expect(uncovered.length).toBeGreaterThan(0);
      for (const c of uncovered) expect(c.minutes).toBeGreaterThan(5);
    } finally {
      delete process.env.RELAIS_COVERAGE_THRESHOLD_MINUTES;
      resetSettings();
      await api.call('POST', '/api/coverage/refresh', { token: pilote });
    }
  });

  it('places a commune that has an unconditional reception point at a few minutes from it', async () => {
    const coverage = (await api.call('GET', '/api/coverage', { token: pilote })).body;
    const figeac = coverage.communes.find((c: { code: string }) => c.code === '46102');
    const figeacSites = DEMO_SITES.filter((s) => s.communeCode === '46102' && s.unconditionalReception).map((s) => s.id);
    expect(figeacSites).toContain(figeac.nearestSiteId);
    expect(figeac.minutes).toBeLessThan(10);
    expect(figeac.covered).toBe(true);
  });

  it('is for the coordinator: a reception agent gets 403', async () => {
    expect((await api.call('GET', '/api/coverage', { token: agent })).status).toBe(403);
  });
});

describe('nearest reception points', () => {
  it('finds the nearest point from Figeac in Figeac, under 10 minutes, by travel time', async () => {
    const answer = await api.call('GET', '/api/sites/nearest?commune=46102&limit=3', { token: agent });
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(3);
    const [first] = answer.body;
    expect(first.site.communeCode).toBe('46102');
    expect(first.minutes).toBeLessThan(10);
    expect(first.method).toBe('estimate');
    const minutes = answer.body.map((i: { minutes: number }) => i.minutes);
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
  });

  it('takes coordinates too, and lists every bad query field', async () => {
    const byPoint = await api.call('GET', '/api/sites/nearest?lon=1.4419&lat=44.4475&limit=1', { token: agent });
    expect(byPoint.body[0].site.communeCode).toBe('46042');
    const bad = await api.call('GET', '/api/sites/nearest?lon=-70&lat=44&limit=0', { token: agent });
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['query.limit', 'query.lon']);
    const unknown = await api.call('GET', '/api/sites/nearest?commune=99999', { token: agent });
    expect(unknown.status).toBe(404);
  });
});

describe('public map API (no sign-in)', () => {
  it('lists the unconditional reception points with public fields only', async () => {
    const answer = await api.call('GET', '/api/public/sites');
    expect(answer.status).toBe(200);
    const expected = DEMO_SITES.filter((s) => s.unconditionalReception).length;
    expect(answer.body.items).toHaveLength(expected);
    for (const site of answer.body.items) {
      expect(Object.keys(site).sort()).toEqual(
        expect.arrayContaining([
          'accessibility',
          'address',
          'communeCode',
          'id',
          'location',
          'name',
          'nextOpening',
          'openNow',
          'openingHours',
          'organisationName',
          'themes',
        ]),
      );
      expect(site).not.toHaveProperty('organisationId');
      expect(site).not.toHaveProperty('version');
      expect(typeof site.organisationName).toBe('string');
      expect(site.organisationName.length).toBeGreaterThan(1);
      expect([true, false]).toContain(site.openNow);
    }
  });

  it('finds communes as a person types them and the nearest points to one', async () => {
    const search = await api.call('GET', '/api/public/communes?q=fige');
    expect(search.status).toBe(200);
    expect(search.body.items[0]).toMatchObject({ code: '46102', name: 'Figeac' });
    const byPostalCode = await api.call('GET', '/api/public/communes?q=46100');
    expect(byPostalCode.body.items.map((c: { code: string }) => c.code)).toContain('46102');
    // An INSEE code names its commune first (46042 Cahors; 46100 is also Figeac's postal code).
    const byCode = await api.call('GET', '/api/public/communes?q=46042');
    expect(byCode.body.items[0]).toMatchObject({ code: '46042', name: 'Cahors' });
    const nearest = await api.call('GET', '/api/public/sites/nearest?commune=46102');
    expect(nearest.status).toBe(200);
    expect(nearest.body.commune).toEqual({ code: '46102', name: 'Figeac' });
    expect(nearest.body.items[0].site.communeCode).toBe('46102');
    expect(nearest.body.items[0].site).not.toHaveProperty('organisationId');
  });

  it('refuses bad input without a token too', async () => {
    const bad = await api.call('GET', '/api/public/sites/nearest?commune=4610&limit=99');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.commune', 'query.limit']);
  });
});

describe('data·inclusion import of the Lot’s France Services', () => {
  const batch = franceServicesToDataInclusion(FRANCE_SERVICES);

  it('imports every structure and service, and an imported site becomes the nearest for its commune', async () => {
    // Leyme (46170) has a France Services and no demo site.
    const leyme = batch.structures.find((s) => s.code_insee === '46170');
    expect(leyme).toBeDefined();
    const before = await api.call('GET', '/api/sites/nearest?commune=46170&limit=1', { token: agent });
    expect(before.body[0].site.communeCode).not.toBe('46170');

    const report = await api.call('POST', '/api/directory/import?format=data-inclusion', { token: pilote, body: batch });
    expect(report.status).toBe(200);
    expect(report.body.rejected).toEqual([]);
    expect(report.body.structures).toEqual({ created: batch.structures.length, updated: 0, unchanged: 0 });
    expect(report.body.services).toEqual({ created: batch.services.length, updated: 0, unchanged: 0 });

    const after = await api.call('GET', '/api/sites/nearest?commune=46170&limit=1', { token: agent });
    expect(after.body[0].site.communeCode).toBe('46170');
    expect(after.body[0].site.origin).toEqual({ source: leyme!.source, id: leyme!.id });
    expect(after.body[0].minutes).toBeLessThan(10);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await api.call('GET', '/api/sites?limit=200', { token: agent });
    const report = await api.call('POST', '/api/directory/import', { token: pilote, body: batch });
    expect(report.body).toEqual({
      structures: { created: 0, updated: 0, unchanged: batch.structures.length },
      services: { created: 0, updated: 0, unchanged: batch.services.length },
      rejected: [],
    });
    const after = await api.call('GET', '/api/sites?limit=200', { token: agent });
    const versions = (page: { items: Array<{ id: string; version: number }> }) => page.items.map((s) => `${s.id}@${s.version}`).sort();
    expect(versions(after.body)).toEqual(versions(before.body));
  });

  it('stores the good rows of a file with bad ones and reports each bad one with its reasons', async () => {
    const good = { ...batch.structures[0]!, id: 'test--good', nom: 'Point d’accueil de test' };
    const bad = { ...batch.structures[0]!, id: 'test--bad', siret: '12345678901234', code_insee: '4610', horaires_accueil: 'lundi matin' };
    const orphan = { ...batch.services[0]!, id: 'test--orphan', structure_id: 'nowhere' };
    const report = await api.call('POST', '/api/directory/import', {
      token: pilote,
      body: { structures: [good, bad], services: [orphan] },
    });
    expect(report.status).toBe(200);
    expect(report.body.structures.created).toBe(1);
    const rejected = report.body.rejected as Array<{ kind: string; index: number; reasons: Array<{ path: string }> }>;
    expect(rejected.map((r) => [r.kind, r.index])).toEqual([
      ['structure', 1],
      ['service', 0],
    ]);
    const paths = rejected[0]!.reasons.map((r) => r.path).join(' ');
    expect(paths).toMatch(/siret/);
    expect(paths).toMatch(/code_insee/);
    expect(paths).toMatch(/horaires_accueil/);
  });

  it('asks for a new coverage once sites changed (the schedule computes it after a quiet minute)', async () => {
    await stack.drain();
    const item = await ddb().send(
      new GetCommand({ TableName: tableName('directory', 'main'), Key: { pk: 'COVERAGE', sk: 'REQUEST' }, ConsistentRead: true }),
    );
    expect(typeof item.Item?.requestedAt).toBe('string');
  });

  it('shows the import from the command line with a progress bar, and a second run changes nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'relais-import-')), 'france-services.json');
    writeFileSync(file, JSON.stringify(batch));
    // Asynchronously: the local stack answering the CLI runs in this very process.
    const { stdout: out } = await promisify(execFile)('npx', ['tsx', 'scripts/directory-import.ts', file, '--api', stack.url], {
      cwd: resolve(__dirname, '..', '..'),
      encoding: 'utf8',
      env: { ...process.env, RELAIS_TOKEN: pilote },
      timeout: 60_000,
    });
    expect(out).toContain(`Structures : 0 créé(s), 0 mis à jour, ${batch.structures.length} inchangé(s)`);
    expect(out).toContain(`Services : 0 créé(s), 0 mis à jour, ${batch.services.length} inchangé(s)`);
  });

  it('re-imports its own export without creating anything', async () => {
    const exported = (await api.call('GET', '/api/directory/export', { token: pilote })).body;
    const report = await api.call('POST', '/api/directory/import', { token: pilote, body: exported });
    expect(report.body.rejected).toEqual([]);
    expect(report.body.structures.created).toBe(0);
    expect(report.body.services.created).toBe(0);
  });

  it('places a site typed without coordinates at its commune’s centre from the commune file', async () => {
    const org = (await api.call('GET', '/api/organisations?type=caf', { token: pilote })).body.items[0];
    const created = await api.call('POST', '/api/sites', {
      token: pilote,
      body: { organisationId: org.id, name: 'Permanence de Gourdon', address: 'Boulevard des Martyrs', communeCode: '46127' },
    });
    expect(created.status).toBe(201);
    expect(created.body.locationSource).toBe('commune-centre');
    const line = readFileSync(COMMUNES_FILE, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('46127,'))!;
    const [, , , lon, lat] = line.trim().split(',');
    expect(created.body.location).toEqual({ lon: Number(lon), lat: Number(lat) });
  });

  it('is for the coordinator only', async () => {
    expect((await api.call('POST', '/api/directory/import', { token: agent, body: batch })).status).toBe(403);
    expect((await api.call('POST', '/api/directory/import', { token: await api.token('partenaire.caf'), body: batch })).status).toBe(403);
  });
});

describe('exports in open formats', () => {
  function ajv() {
    const validator = new Ajv2020({ allErrors: true, strict: false });
    addFormats(validator);
    return validator;
  }

  it('exports the directory valid against the official data·inclusion v1 schema', async () => {
    const answer = await api.call('GET', '/api/directory/export?format=data-inclusion', { token: pilote });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toMatch(/attachment/);
    const v = ajv();
    const structure = v.compile(JSON.parse(readFileSync(join(SCHEMAS, 'datainclusion', 'v1', 'structure.json'), 'utf8')));
    const service = v.compile(JSON.parse(readFileSync(join(SCHEMAS, 'datainclusion', 'v1', 'service.json'), 'utf8')));
    expect(answer.body.structures.length).toBeGreaterThanOrEqual(DEMO_SITES.length);
    for (const s of answer.body.structures)
      expect({ id: s.id, errors: structure(s) ? null : structure.errors }).toEqual({ id: s.id, errors: null });
    expect(answer.body.services.length).toBeGreaterThan(0);
    for (const s of answer.body.services)
      expect({ id: s.id, errors: service(s) ? null : service.errors }).toEqual({ id: s.id, errors: null });
  });

  it('exports HSDS 3.0 valid against the HSDS schemas', async () => {
    const answer = await api.call('GET', '/api/directory/export?format=hsds', { token: pilote });
    expect(answer.status).toBe(200);
    const v = ajv();
    const hsds = join(SCHEMAS, 'hsds');
    // The HSDS schema files have no $id: each is added under its file name, which their $refs use.
    for (const file of readdirSync(hsds).filter((f) => f.endsWith('.json') && f !== 'openapi.json' && f !== 'datapackage.json')) {
      v.addSchema(JSON.parse(readFileSync(join(hsds, file), 'utf8')), file);
    }
    const organization = v.getSchema('organization.json')!;
    const service = v.getSchema('service.json')!;
    const organizations = answer.body as Array<{ id: string; name: string; services?: Array<{ id: string }> }>;
    expect(organizations.length).toBeGreaterThan(0);
    for (const o of organizations) {
      expect({ id: o.id, errors: organization(o) ? null : organization.errors }).toEqual({ id: o.id, errors: null });
      for (const s of o.services ?? [])
        expect({ id: s.id, errors: service(s) ? null : service.errors }).toEqual({ id: s.id, errors: null });
    }
    expect(organizations.flatMap((o) => o.services ?? []).length).toBeGreaterThan(0);
  });
});
