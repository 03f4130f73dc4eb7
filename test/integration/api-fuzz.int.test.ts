/**
 * A bounded property-based fuzz of the whole API, driven by its own OpenAPI description: for
 * every operation, fast-check builds requests — valid-ish ones from the documented schemas and
 * hostile ones (wrong types, huge strings, broken percent-encoding, unknown fields, dates out
 * of range, forged cursors, missing or garbage tokens, other media types, oversized bodies) —
 * and each answer must be a status the operation documents, never a 5xx, with problem+json
 * for errors and one of the documented content types for successes.
 *
 * Every operation is fuzzed, the local-only ones included: `/api/dev/outbox` only reads the
 * local outboxes and `/api/auth/dev/*` only signs demo users in, so none is unsafe here.
 *
 * Bounded: a fixed seed (RELAIS_FUZZ_SEED to replay another, logged on failure by fast-check)
 * and RELAIS_FUZZ_RUNS requests per operation (default 30).
 */
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { SERVICES } from '../../services/index';
import { resetSettings } from '../../shared/config/settings';
import { buildOpenApi } from '../../shared/http/openapi';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const SEED = Number(process.env.RELAIS_FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.RELAIS_FUZZ_RUNS ?? 30);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonSchema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

let stack: LocalStack;
let api: Api;
let served: { paths: Record<string, Record<string, Operation>> };
const tokens = new Map<string, string>();
const USERS = ['agent.gramat', 'ts.figeac', 'pilote', 'partenaire.caf'] as const;

/** Statuses seen per operation, printed with RELAIS_FUZZ_VERBOSE=1 (to see how deep the inputs go). */
const seen = new Map<string, Map<number, number>>();

beforeAll(async () => {
  // The whole platform configured as in production: the commune reference and outlines present.
  process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
  process.env.RELAIS_COMMUNES_GEOJSON = join(SHARED_DATA, 'lot-communes.geojson');
  resetSettings();
  stack = await startTestStack();
  api = apiClient(stack.url);
  const doc = await api.call('GET', '/api/openapi.json');
  expect(doc.status).toBe(200);
  served = doc.body;
  for (const user of USERS) tokens.set(user, await api.token(user));
  await seedRecords();
});

/** Bodies known to be accepted, by operation (`POST /api/persons`): the valid-ish requests vary them. */
const examples = new Map<string, Record<string, Json>>();

/**
 * A person, her reception, a referral to the CAF, a parcours with a goal, an organisation and a
 * network event: ids for the valid-ish requests, and bodies they vary.
 */
async function seedRecords(): Promise<void> {
  const agent = tokens.get('agent.gramat')!;
  const worker = tokens.get('ts.figeac')!;
  const pilote = tokens.get('pilote')!;
  const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
  const gramat = DEMO_SITES.find((s) => s.name.includes('Gramat'))!;
  // biome-ignore lint/suspicious/noExplicitAny: answers of many shapes
  const created = async (method: string, template: string, path: string, token: string, body: Record<string, Json>): Promise<any> => {
    const res = await api.call(method, path, { token, body });
    if (res.status >= 300) throw new Error(`seeding ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    harvestIds(res.body, path);
    examples.set(`${method} ${template}`, body);
    return res.body;
  };
  const person = await created('POST', '/api/persons', '/api/persons', agent, {
    lastName: 'Essai',
    firstName: 'Fuzz',
    birthDate: '1980-05-04',
    consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
  });
  const theme = gramat.themes[0]!;
  await created('POST', '/api/receptions', '/api/receptions', agent, {
    siteId: gramat.id,
    channel: 'site',
    personId: person.id,
    themes: [theme],
  });
  await created('POST', '/api/referrals', '/api/referrals', agent, {
    toOrganisationId: caf.id,
    personId: person.id,
    themes: [theme],
    reason: 'Ouverture de droits',
    liaisonNote: 'Fiche de liaison de test',
  });
  // The parcours service learns the person from intake's `PersonRecorded`: a few tries at most.
  // biome-ignore lint/suspicious/noExplicitAny: answers of many shapes
  let parcours: any;
  for (let attempt = 0; ; attempt++) {
    try {
      parcours = await created('POST', '/api/parcours', '/api/parcours', worker, {
        personId: person.id,
        agreement: { referentChosenByPerson: true, sharingAccepted: true, date: '2026-01-05' },
      });
      break;
    } catch (error) {
      if (attempt > 100 || !/Personne inconnue/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const member = JSON.stringify(parcours).match(/"memberId":"([0-9A-Z]{26})"/)?.[1] ?? parcours.members?.[0]?.id;
  await created('POST', '/api/parcours/{id}/goals', `/api/parcours/${parcours.id}/goals`, worker, {
    title: 'Accès aux droits',
    actions: member ? [{ label: 'Rendez-vous CAF', ownerMemberId: member, dueDate: '2099-12-01' }] : [],
  });
  await created('POST', '/api/organisations', '/api/organisations', pilote, { name: 'Structure du fuzz', type: 'caf' });
  await created('POST', '/api/network-events', '/api/network-events', pilote, {
    kind: 'formation',
    title: 'Formation du fuzz',
    date: '2026-03-02',
    participants: [],
  });
}

afterAll(async () => {
  await stack?.stop();
  delete process.env.RELAIS_COMMUNES_FILE;
  delete process.env.RELAIS_COMMUNES_GEOJSON;
  resetSettings();
  if (process.env.RELAIS_FUZZ_VERBOSE) {
    for (const [op, statuses] of seen) console.log(op, JSON.stringify(Object.fromEntries(statuses)));
  }
});

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Put in hostile strings: an error answer must never quote it back. */
const MARKER = 'zqECHOqz';
const BAD_PERCENT = ['%', '%E0%A4%A', '%zz', '%C0%AF', '%FF%FE', '%%41', '%u0041'];
const OUT_OF_RANGE_DATES = [
  '0001-01-01',
  '1899-12-31',
  '10000-01-01',
  '+010000-01-01',
  '-000001-01-01',
  '99999-12-31',
  '0000-00-00',
  '1899-12-31T23:59:59Z',
  '10000-01-01T00:00:00Z',
  '9999-12-31T23:30:00-05:00',
  '+275760-09-13T00:00:00.000Z',
  '2026-02-30',
];

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...OUT_OF_RANGE_DATES),
  fc.constantFrom('', ' ', '\u0000', '../../etc/passwd', "' OR 1=1 --", '<script>', '$' + '{jndi:x}', '__proto__', 'constructor'),
  fc.integer({ min: 1, max: 5000 }).map((n) => `${MARKER}${'é'.repeat(n)}`),
  fc.constant(`${MARKER}${'x'.repeat(70_000)}`),
);

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double({ noNaN: true }).map((n) => (Number.isFinite(n) ? n : 1e308)),
  fc.constantFrom(-1, 0, 1e21, Number.MAX_SAFE_INTEGER + 2, -0.5),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxKeys: 4 }),
);

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/**
 * Ids that exist: the demo directory's, then every id the fuzz's own successful answers carry
 * (a person created by one operation is read, changed and referred by the next ones), so that
 * valid-ish requests reach the use cases and not only a 404.
 */
const demoIds = [...DEMO_SITES.map((s) => s.id), ...DEMO_ORGANISATIONS.map((o) => o.id)];
const harvested = new Set<string>();
/** Ids by the first segment of the path that answered them (`persons`, `parcours`…). */
const harvestedBy = new Map<string, Set<string>>();
const scopeOf = (path: string) => path.split('/')[2] ?? '';
function harvestIds(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (!ULID.test(value)) return;
    harvested.add(value);
    const scoped = harvestedBy.get(scopeOf(path)) ?? new Set<string>();
    scoped.add(value);
    harvestedBy.set(scopeOf(path), scoped);
  } else if (value && typeof value === 'object') {
    for (const v of Array.isArray(value) ? value : Object.values(value)) harvestIds(v, path);
  }
}
/** For a path parameter: mostly an id answered under the same path (a person's for `/api/persons/{id}`). */
const scopedId = (path: string) =>
  fc.tuple(fc.nat(), fc.nat(4)).map(([i, coin]) => {
    const scoped = [...(harvestedBy.get(scopeOf(path)) ?? [])];
    const ids = coin > 1 && scoped.length ? scoped : coin > 0 && harvested.size ? [...harvested] : demoIds;
    return ids[i % ids.length]!;
  });
/** Mostly an id the fuzz saw created (few, so each is hit often), else a demo one. */
const knownId = fc.tuple(fc.nat(), fc.nat(3)).map(([i, coin]) => {
  const ids = coin > 0 && harvested.size ? [...harvested] : demoIds;
  return ids[i % ids.length]!;
});

// ---------------------------------------------------------------------------------------------
// Valid-ish values from the documented JSON schemas

function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<Json> {
  if (!schema || depth > 5) return fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>;
  if ('const' in schema) return fc.constant(schema.const as Json);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as Json[]));
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants?.length) return fc.oneof(...variants.map((v) => fromSchema(v, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) return fromSchema(schema.allOf[0] as JsonSchema, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  const arbitraries = type.map((t) => fromType(t, schema, depth));
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}

function fromType(type: string | undefined, schema: JsonSchema, depth: number): fc.Arbitrary<Json> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min =
        typeof schema.minimum === 'number'
          ? schema.minimum
          : typeof schema.exclusiveMinimum === 'number'
            ? schema.exclusiveMinimum + 1
            : -1000;
      const max =
        typeof schema.maximum === 'number'
          ? schema.maximum
          : typeof schema.exclusiveMaximum === 'number'
            ? schema.exclusiveMaximum - 1
            : 1000;
      const lo = Math.max(min, -1e9);
      const hi = Math.min(max, 1e9);
      return type === 'integer' || hi - lo > 1e6
        ? fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) })
        : fc.double({ min: lo, max: hi, noNaN: true });
    }
    case 'string':
      return stringFrom(schema);
    case 'array': {
      const items = fromSchema(schema.items as JsonSchema | undefined, depth + 1);
      const minLength = Math.min(Number(schema.minItems ?? 0), 3);
      return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(Number(schema.maxItems ?? 3), 3)) });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [name, prop] of Object.entries(properties)) model[name] = fromSchema(prop, depth + 1);
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) }) as fc.Arbitrary<Json>;
    }
    default:
      return fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>;
  }
}

function stringFrom(schema: JsonSchema): fc.Arbitrary<Json> {
  const min = Number(schema.minLength ?? 0);
  const max = Math.max(min, Math.min(Number(schema.maxLength ?? 30), 60));
  switch (schema.format) {
    case 'date':
      return fc.oneof(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        fc.constantFrom('1900-01-01', '9999-12-31', '2024-02-29'),
      );
    case 'date-time':
      return fc.oneof(
        fc.date({ min: new Date('1900-01-02'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('1900-01-01T00:00:00+01:00', '9999-12-31T23:59:59Z', '9999-12-31T22:00:00-01:00', '2026-03-29T02:30:00+01:00'),
      );
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl({ validSchemes: ['https'] });
  }
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern as string);
    if (pattern.source === ULID.source)
      return fc.oneof({ weight: 4, arbitrary: knownId }, { weight: 1, arbitrary: fc.stringMatching(ULID) });
    try {
      return fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= Math.max(max, 200));
    } catch {
      // a pattern fast-check cannot read: any string
    }
  }
  return fc.string({ minLength: min, maxLength: max });
}

/** A valid-ish value, with sometimes one field replaced by a hostile value or an unknown field added. */
function mutated(value: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc.tuple(value, fc.nat(), hostileValue, fc.boolean()).map(([v, pick, bad, addUnknown]) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad;
    const copy: Record<string, Json> = { ...v };
    const keys = Object.keys(copy);
    if (addUnknown || keys.length === 0) copy[`inconnu${pick % 7}`] = bad;
    else copy[keys[pick % keys.length]!] = bad;
    return copy;
  });
}

// ---------------------------------------------------------------------------------------------
// Requests

interface FuzzRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string;
}

const encodeSegment = (value: Json) => encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));

/** What a request gets wrong: nothing (valid-ish), or one thing at a time so the others reach deep. */
const MODES = ['valid', 'valid', 'valid', 'valid', 'path', 'query', 'query', 'body', 'body', 'auth', 'headers', 'media'] as const;
type Mode = (typeof MODES)[number];

const hostilePathSegment = fc.oneof(
  { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0).map(encodeSegment) },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_PERCENT) },
  { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^[A-Z0-9]{1,10}$/), fc.constantFrom(...BAD_PERCENT)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.constant(`${MARKER}${'p'.repeat(20_000)}`) },
);

const FORGED_CURSORS = fc.oneof(
  fc.constantFrom('', 'x', 'x.y', 'x.y.z', '.', '%', '%E0%A4%A'),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc.jsonValue({ maxDepth: 2 }).map((v) => `${Buffer.from(JSON.stringify(v)).toString('base64url')}.${'A'.repeat(43)}`),
  fc.string({ maxLength: 3000 }),
);

const queryString = (pairs: Array<[string, string]>) =>
  pairs.length
    ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${BAD_PERCENT.includes(v) ? v : encodeURIComponent(v)}`).join('&')}`
    : '';

/** From the schema, or a known-good example with one field drawn from the schema instead. */
function validValue(schema: JsonSchema | undefined, example: Record<string, Json> | undefined): fc.Arbitrary<Json> {
  const generated = fromSchema(schema);
  if (!example) return generated;
  const keys = Object.keys(example);
  const varied = fc.tuple(generated, fc.nat()).map(([g, i]) => {
    const key = keys[i % keys.length]!;
    return g && typeof g === 'object' && !Array.isArray(g) && key in g ? { ...example, [key]: g[key]! } : example;
  });
  return fc.oneof({ weight: 2, arbitrary: fc.constant(example) }, { weight: 3, arbitrary: varied }, { weight: 1, arbitrary: generated });
}

function validBody(schema: JsonSchema | undefined, example: Record<string, Json> | undefined): fc.Arbitrary<string> {
  return validValue(schema, example).map((v) => JSON.stringify(v));
}

function hostileBody(schema: JsonSchema | undefined, example: Record<string, Json> | undefined): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 5, arbitrary: mutated(validValue(schema, example)).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: hostileValue.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom('{', 'not json', '{"a":1}}', '\u0000', '[', '"', '{"__proto__":{"x":1}}', '') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `{"x":"${'y'.repeat(200 * 1024)}"}`,
        'z'.repeat(70 * 1024),
        `{"${MARKER}":"${'w'.repeat(2 * 1024 * 1024)}"}`,
      ),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function requestArbitrary(method: string, path: string, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const example = examples.get(`${method} ${path}`);

  const validPath = fc.tuple(
    ...pathParams.map((p) =>
      p.schema?.pattern === ULID.source
        ? fc.oneof({ weight: 4, arbitrary: scopedId(path) }, { weight: 1, arbitrary: fc.stringMatching(ULID) })
        : fromSchema(p.schema).map(encodeSegment),
    ),
  );
  const validQuery = fc.tuple(
    ...queryParams.map((p) => {
      const value =
        p.name === 'cursor' ? fc.constant(undefined) : fromSchema(p.schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      return p.required ? value : fc.option(value, { nil: undefined });
    }),
  );
  const queryAttack = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(fc.nat(), fc.oneof(hostileString, fc.constantFrom(...BAD_PERCENT))).map(([i, v]) => ({ index: i, value: v })),
    },
    {
      weight: queryParams.some((p) => p.name === 'cursor') ? 3 : 0,
      arbitrary: FORGED_CURSORS.map((v) => ({ index: -1, value: v, name: 'cursor' })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), hostileString).map(([name, value]) => ({ index: -1, value, name })),
    },
    { weight: 1, arbitrary: fc.constant({ index: -2, value: '' }) }, // a required parameter missing
  );
  const authArb = fc.constantFrom(...USERS).map((u) => `Bearer ${tokens.get(u)}`);
  const badAuth = fc.constantFrom(
    undefined,
    'Bearer ',
    'Bearer x.y.z',
    'Basic YTpi',
    `Bearer ${'a'.repeat(3000)}`,
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  );
  const badHeaders = fc.constantFrom<Record<string, string>>(
    { 'idempotency-key': '' },
    { 'idempotency-key': 'é' },
    { 'idempotency-key': 'x'.repeat(300) },
    { 'x-relais-carrier-secret': 'faux' },
    { 'x-correlation-id': MARKER },
    { 'x-big': 'h'.repeat(20 * 1024) },
    { 'content-length': 'abc' },
  );
  const badType = fc.constantFrom(
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/jsonx',
    'multipart/form-data; boundary=x',
    undefined,
  );

  return fc
    .record({
      mode: fc.constantFrom<Mode>(...MODES),
      path: validPath,
      badPathIndex: fc.nat(),
      badPath: hostilePathSegment,
      query: validQuery,
      queryAttack,
      body: operation.requestBody ? validBody(bodySchema, example) : fc.constantFrom(undefined, undefined, '{}', 'x'.repeat(100 * 1024)),
      badBody: hostileBody(bodySchema, example),
      auth: authArb,
      badAuth,
      badHeaders,
      badType,
      idempotency: fc.option(fc.stringMatching(/^[a-z0-9-]{8,20}$/), { nil: undefined, freq: 5 }),
    })
    .map((r) => {
      const segments = [...r.path] as string[];
      if (r.mode === 'path' && segments.length) segments[r.badPathIndex % segments.length] = r.badPath;
      let out = path;
      pathParams.forEach((p, i) => {
        out = out.replace(`{${p.name}}`, segments[i]!);
      });
      const pairs: Array<[string, string]> = [];
      queryParams.forEach((p, i) => {
        const value = r.query[i];
        if (value !== undefined) pairs.push([p.name, value]);
      });
      if (r.mode === 'query') {
        const attack = r.queryAttack as { index: number; value: string; name?: string };
        if (attack.name !== undefined) pairs.push([attack.name, attack.value]);
        else if (attack.index === -2) pairs.splice(0, pairs.length);
        else if (queryParams.length) {
          const name = queryParams[attack.index % queryParams.length]!.name;
          const at = pairs.findIndex(([k]) => k === name);
          if (at >= 0) pairs[at] = [name, attack.value];
          else pairs.push([name, attack.value]);
        } else pairs.push(['inconnu', attack.value]);
      }
      const body = r.mode === 'body' ? r.badBody : r.body;
      const headers: Record<string, string> = {};
      const auth = r.mode === 'auth' ? r.badAuth : r.auth;
      if (auth !== undefined) headers.authorization = auth;
      if (body !== undefined) {
        const type = r.mode === 'media' ? r.badType : 'application/json';
        if (type !== undefined) headers['content-type'] = type;
      }
      if (r.idempotency !== undefined) headers['idempotency-key'] = r.idempotency;
      if (r.mode === 'headers') Object.assign(headers, r.badHeaders);
      return { path: out, query: queryString(pairs), headers, body };
    });
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** A raw HTTP request (fetch would re-encode the path); a reset connection fails the property. */
function send(method: string, req: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = method === 'GET' ? undefined : req.body;
    const headers: Record<string, string | number> = { ...req.headers };
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const r = request({ host: '127.0.0.1', port: stack.port, method, path: `${req.path}${req.query}`, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}

// ---------------------------------------------------------------------------------------------

const OPERATIONS = Object.entries(buildOpenApi(SERVICES, { includeLocalOnly: true }).paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => ({ path, method: method.toUpperCase() })),
);

describe('API fuzz: no invalid input answers 5xx or an undocumented status', () => {
  it('covers every operation of the served description', () => {
    const served_ = Object.entries(served.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(served_.sort()).toEqual(OPERATIONS.map((o) => `${o.method} ${o.path}`).sort());
  });

  it.each(OPERATIONS)('$method $path', async ({ path, method }) => {
    const operation = served.paths[path]?.[method.toLowerCase()];
    expect(operation).toBeDefined();
    const documented = new Set(Object.keys(operation!.responses).map(Number));
    const successTypes = new Set(
      Object.entries(operation!.responses)
        .filter(([status]) => Number(status) < 300)
        .flatMap(([, r]) => Object.keys(r.content ?? {})),
    );
    await fc.assert(
      fc.asyncProperty(requestArbitrary(method, path, operation!), async (req) => {
        const answer = await send(method, req);
        const counts = seen.get(`${method} ${path}`) ?? new Map<number, number>();
        counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
        seen.set(`${method} ${path}`, counts);
        const where = `${method} ${path} → ${answer.status}`;
        if (answer.status >= 500 || !documented.has(answer.status)) {
          throw new Error(`${where} (documented: ${[...documented].join(', ')}): ${answer.text.slice(0, 300)}`);
        }
        const mediaType = answer.contentType.split(';')[0]!.trim();
        if (answer.status >= 400) {
          if (mediaType !== 'application/problem+json') throw new Error(`${where}: content-type ${answer.contentType}`);
          const problem = JSON.parse(answer.text) as Record<string, unknown>;
          for (const field of ['type', 'code', 'title', 'status', 'detail'])
            if (!(field in problem)) throw new Error(`${where}: no ${field}`);
          if ([400, 413, 415].includes(answer.status) && answer.text.includes(MARKER)) throw new Error(`${where}: the input is echoed`);
        } else if (!successTypes.has(mediaType)) {
          throw new Error(`${where}: content-type ${answer.contentType} not in ${[...successTypes].join(', ')}`);
        } else if (mediaType === 'application/json' && method !== 'GET') {
          harvestIds(JSON.parse(answer.text || 'null'), path); // what writes answer: few ids, each reused often
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
