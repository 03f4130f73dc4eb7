import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocationClient } from '../../../shared/aws/location';
import { NotFoundError, ServiceUnavailableError } from '../../../shared/errors/errors';
import { type AwsHttpServer, type ReceivedRequest, startAwsHttpServer, verifySignature } from '../../../shared/testing/aws-http-server';
import {
  type CommuneCache,
  type CommuneLocator,
  CommuneReference,
  CommuneReferenceUnavailableError,
  departementOfCommune,
  GEO_API_TIMEOUT_MS,
  GeoApiLocator,
  readCommunesFile,
} from './communes';
import type { CommuneRef, Point } from './geo.types';
import { AmazonLocationLocator } from './place-index-locator';

/** The design folder beside the checkout holds the reference data; tests may read it. */
const CENTROIDS = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'communes-centroids.csv');
const LOT_POPULATION = 176473;

/** The cache port in memory (a Map), recording what is asked of it. */
class MemoryCommuneCache implements CommuneCache {
  readonly items = new Map<string, CommuneRef>();
  readonly saves: CommuneRef[][] = [];
  readonly gets: string[] = [];
  async list(departement: string) {
    return [...this.items.values()].filter((c) => c.departement === departement).map((c) => structuredClone(c));
  }
  async get(code: string) {
    this.gets.push(code);
    const item = this.items.get(code);
    return item && structuredClone(item);
  }
  async save(refs: CommuneRef[]) {
    this.saves.push(structuredClone(refs));
    for (const r of refs) this.items.set(r.code, structuredClone(r));
  }
}

/** A locator answering from a table, recording the codes it was asked. */
class TableLocator implements CommuneLocator {
  readonly asked: string[][] = [];
  constructor(
    readonly source: 'geo-api' | 'amazon-location',
    private readonly points: Record<string, Point>,
  ) {}
  async locate(communes: Array<{ code: string; name: string; departement: string }>) {
    this.asked.push(communes.map((c) => c.code));
    return new Map(communes.flatMap((c) => (this.points[c.code] ? [[c.code, this.points[c.code] as Point] as const] : [])));
  }
}

const silentGeoApi = () =>
  new GeoApiLocator('https://geo.example.test', (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch);

const tmp = mkdtempSync(join(tmpdir(), 'relais-communes-'));
let tmpCount = 0;
function tmpFile(content: string): string {
  const file = join(tmp, `communes-${tmpCount++}.csv`);
  writeFileSync(file, content);
  return file;
}

/** The real file without some communes. */
function centroidsWithout(codes: string[]): string {
  const lines = readFileSync(CENTROIDS, 'utf8').split('\n');
  return tmpFile(lines.filter((line) => !codes.some((code) => line.startsWith(`${code},`))).join('\n'));
}

describe('departementOfCommune', () => {
  it('takes 2 characters in metropolitan France and Corsica, 3 overseas', () => {
    expect(['46042', '2A004', '2B033', '97411', '97601'].map(departementOfCommune)).toEqual(['46', '2A', '2B', '974', '976']);
  });
});

describe('readCommunesFile', () => {
  describe('right paths', () => {
    it('reads the 34,746 communes of metropolitan France, the 312 of the Lot among them', () => {
      const rows = readCommunesFile(CENTROIDS);
      expect(rows.size).toBe(34746);
      expect([...rows.values()].filter((r) => r.departement === '46')).toHaveLength(312);
      expect(rows.get('46042')).toEqual({
        code: '46042',
        name: 'Cahors',
        departement: '46',
        location: { lon: expect.any(Number), lat: expect.any(Number) },
      });
      const cahors = rows.get('46042')?.location as Point;
      expect(cahors.lon).toBeGreaterThan(1.3);
      expect(cahors.lon).toBeLessThan(1.5);
      expect(cahors.lat).toBeGreaterThan(44.3);
      expect(cahors.lat).toBeLessThan(44.6);
    });

    it('reads each file once per process', () => {
      expect(readCommunesFile(CENTROIDS)).toBe(readCommunesFile(CENTROIDS));
    });

    it('accepts quoted fields, doubled quotes, CRLF, a BOM, blank lines and any column order', () => {
      const file = tmpFile(
        '\uFEFFlat,lon,code,"nom",departement\r\n44.44750,1.44210,46042,"Cahors, préfecture",46\r\n\r\n45.1,1.5,46102,"Le ""Vieux"" Bourg",46\r\n',
      );
      const rows = readCommunesFile(file);
      expect([...rows.values()]).toEqual([
        { code: '46042', name: 'Cahors, préfecture', departement: '46', location: { lon: 1.4421, lat: 44.4475 } },
        { code: '46102', name: 'Le "Vieux" Bourg', departement: '46', location: { lon: 1.5, lat: 45.1 } },
      ]);
    });
  });

  describe('wrong paths: a 503 naming the file and the problem', () => {
    it.each([
      ['a missing column', 'code,nom,departement,lon\n46042,Cahors,46,1.44\n', 'colonne absente : lat'],
      [
        'a longitude that is not a number',
        'code,nom,departement,lon,lat\n46042,Cahors,46,1.44,44.4\n46102,Figeac,46,est,44.6\n',
        'ligne 3 : longitude invalide',
      ],
      ['a latitude out of range', 'code,nom,departement,lon,lat\n46042,Cahors,46,1.44,94.4\n', 'ligne 2 : latitude invalide'],
      ['a bad commune code', 'code,nom,departement,lon,lat\n4604,Cahors,46,1.44,44.4\n', 'ligne 2 : code commune « 4604 » invalide'],
      ['a short line', 'code,nom,departement,lon,lat\n46042,Cahors,46,1.44\n', 'ligne 2 : 4 champs au lieu de 5'],
      [
        'a commune twice',
        'code,nom,departement,lon,lat\n46042,Cahors,46,1.44,44.4\n46042,Cahors,46,1.44,44.4\n',
        'ligne 3 : la commune 46042 apparaît deux fois',
      ],
      ['an unclosed quote', 'code,nom,departement,lon,lat\n46042,"Cahors,46,1.44,44.4\n', 'guillemet ouvert ligne 2 et jamais fermé'],
      ['nothing at all', '', 'fichier vide'],
    ])('refuses %s', (_, content, why) => {
      const file = tmpFile(content);
      let error: unknown;
      try {
        readCommunesFile(file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as ServiceUnavailableError).status).toBe(503);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain(why);
      expect((error as Error).message).toContain('RELAIS_COMMUNES_FILE');
    });

    it('says when the file does not exist', () => {
      const missing = join(tmp, 'nowhere.csv');
      expect(() => readCommunesFile(missing)).toThrow(`Le fichier des communes ${missing} est introuvable`);
    });
  });
});

describe('CommuneReference', () => {
  describe('load', () => {
    it('gives the Lot’s 312 communes with their populations, postal codes and centres from the file, and caches them', async () => {
      const cache = new MemoryCommuneCache();
      const refs = await new CommuneReference({ departement: '46', file: CENTROIDS, cache, locators: [] }).load();
      expect(refs).toHaveLength(312);
      expect(refs.reduce((sum, r) => sum + r.population, 0)).toBe(LOT_POPULATION);
      expect(refs.every((r) => r.location && r.locationSource === 'file' && r.departement === '46')).toBe(true);
      expect(refs.map((r) => r.code)).toEqual([...refs.map((r) => r.code)].sort());
      expect(refs.find((r) => r.code === '46042')).toMatchObject({ name: 'Cahors', population: 20050, postalCodes: ['46000'] });
      expect(cache.saves).toHaveLength(1);
      expect(cache.saves[0]).toHaveLength(312);
      expect(cache.saves[0]?.every((r) => r.locationSource === 'file')).toBe(true);
    });

    it('does not rewrite the cache when nothing changed, and rewrites only what changed', async () => {
      const cache = new MemoryCommuneCache();
      const reference = new CommuneReference({ departement: '46', file: CENTROIDS, cache, locators: [] });
      await reference.load();
      await reference.load();
      expect(cache.saves).toHaveLength(1);

      // The official population moved since the commune was cached (a new census).
      const cahors = cache.items.get('46042') as CommuneRef;
      cache.items.set('46042', { ...cahors, population: 19000 });
      await reference.load();
      expect(cache.saves).toHaveLength(2);
      expect(cache.saves[1]).toEqual([{ ...cahors, population: 20050 }]);
    });

    it('uses the cached coordinates when the file is gone (locationSource cache) and keeps their origin in the cache', async () => {
      const cache = new MemoryCommuneCache();
      const first = await new CommuneReference({ departement: '46', file: CENTROIDS, cache, locators: [] }).load();
      const geoApi = new TableLocator('geo-api', {});
      const second = await new CommuneReference({ departement: '46', cache, locators: [geoApi] }).loadWithLocations();
      expect(second).toHaveLength(312);
      expect(second.every((r) => r.locationSource === 'cache')).toBe(true);
      expect(second.map((r) => r.location)).toEqual(first.map((r) => r.location));
      expect(geoApi.asked).toEqual([]);
      expect(cache.saves).toHaveLength(1);
      expect(cache.items.get('46042')?.locationSource).toBe('file');
    });

    it('asks the locators, in order, only for the communes still missing, and caches what they found', async () => {
      const file = centroidsWithout(['46001', '46002', '46003']);
      const cache = new MemoryCommuneCache();
      const first = new TableLocator('amazon-location', { '46002': { lon: 1.9, lat: 44.9 } });
      const second = new TableLocator('geo-api', {
        '46001': { lon: 1.8, lat: 44.8 },
        '46002': { lon: 0, lat: 0 },
        '46003': { lon: 1.7, lat: 44.7 },
      });
      const refs = await new CommuneReference({ departement: '46', file, cache, locators: [first, second] }).loadWithLocations();
      expect(first.asked).toEqual([['46001', '46002', '46003']]);
      expect(second.asked).toEqual([['46001', '46003']]);
      const byCode = new Map(refs.map((r) => [r.code, r]));
      expect(byCode.get('46001')).toMatchObject({ location: { lon: 1.8, lat: 44.8 }, locationSource: 'geo-api' });
      expect(byCode.get('46002')).toMatchObject({ location: { lon: 1.9, lat: 44.9 }, locationSource: 'amazon-location' });
      expect(byCode.get('46003')).toMatchObject({ location: { lon: 1.7, lat: 44.7 }, locationSource: 'geo-api' });
      expect(cache.items.get('46002')?.locationSource).toBe('amazon-location');
    });

    it('leaves a commune no source could place without a location', async () => {
      const file = centroidsWithout(['46001']);
      const refs = await new CommuneReference({ departement: '46', file, cache: new MemoryCommuneCache(), locators: [] }).load();
      const unplaced = refs.filter((r) => !r.location);
      expect(unplaced.map((r) => [r.code, r.locationSource])).toEqual([['46001', undefined]]);
    });
  });

  describe('loadWithLocations: a 503 saying how to fix it', () => {
    it('names the missing file and the silent geo API when nothing could be placed', async () => {
      const reference = new CommuneReference({ departement: '46', cache: new MemoryCommuneCache(), locators: [silentGeoApi()] });
      const failure = reference.loadWithLocations();
      await expect(failure).rejects.toBeInstanceOf(CommuneReferenceUnavailableError);
      await expect(failure).rejects.toBeInstanceOf(ServiceUnavailableError);
      await expect(failure).rejects.toMatchObject({
        status: 503,
        message:
          'Les distances ne peuvent pas être calculées. Les coordonnées de 312 communes du département 46 sont introuvables : aucun fichier des communes n’est configuré et l’API Géo de l’État n’a pas répondu. Indiquez un fichier CSV `code,nom,departement,lon,lat` dans la variable RELAIS_COMMUNES_FILE (par exemple communes-centroids.csv), puis relancez.',
      });
    });

    it('names the incomplete file, each source tried, and the communes concerned', async () => {
      const file = centroidsWithout(['46001', '46002']);
      const reference = new CommuneReference({
        departement: '46',
        file,
        cache: new MemoryCommuneCache(),
        locators: [new TableLocator('amazon-location', {}), new TableLocator('geo-api', {})],
      });
      await expect(reference.loadWithLocations()).rejects.toMatchObject({
        status: 503,
        message: `Les distances ne peuvent pas être calculées. Les coordonnées de 2 communes du département 46 sont introuvables : le fichier des communes ${file} ne les contient pas, Amazon Location ne les a pas trouvées et l’API Géo de l’État n’a pas répondu. Ajoutez ces communes au fichier ${file} ou indiquez un fichier complet (colonnes \`code,nom,departement,lon,lat\`, par exemple communes-centroids.csv) dans la variable RELAIS_COMMUNES_FILE, puis relancez. Communes concernées : 46001, 46002.`,
      });
    });

    it('says no online source is enabled when there is none', async () => {
      const reference = new CommuneReference({ departement: '46', cache: new MemoryCommuneCache(), locators: [] });
      await expect(reference.loadWithLocations()).rejects.toThrow(
        'Les coordonnées de 312 communes du département 46 sont introuvables : aucun fichier des communes n’est configuré et aucune source en ligne n’est activée.',
      );
    });
  });

  describe('locate', () => {
    it('answers from the cache alone when it has the commune with a location', async () => {
      const cache = new MemoryCommuneCache();
      const cached: CommuneRef = {
        code: '46042',
        name: 'Cahors (en cache)',
        departement: '46',
        population: 1,
        postalCodes: ['46000'],
        location: { lon: 1.44, lat: 44.45 },
        locationSource: 'geo-api',
      };
      cache.items.set('46042', cached);
      const locator = new TableLocator('geo-api', {});
      const ref = await new CommuneReference({ departement: '46', file: join(tmp, 'not-read.csv'), cache, locators: [locator] }).locate(
        '46042',
      );
      expect(ref).toEqual({ ...cached, locationSource: 'cache' });
      expect(cache.gets).toEqual(['46042']);
      expect(locator.asked).toEqual([]);
      expect(cache.saves).toEqual([]);
    });

    it('places a commune of any département from the file and caches it', async () => {
      const cache = new MemoryCommuneCache();
      const ref = await new CommuneReference({ departement: '46', file: CENTROIDS, cache, locators: [] }).locate('75056');
      expect(ref).toMatchObject({ code: '75056', name: 'Paris', departement: '75', locationSource: 'file' });
      expect(ref.population).toBeGreaterThan(2_000_000);
      expect(cache.items.get('75056')).toEqual(ref);
    });

    it('asks the locators when neither the cache nor the file has it', async () => {
      const cache = new MemoryCommuneCache();
      const first = new TableLocator('amazon-location', {});
      const second = new TableLocator('geo-api', { '97411': { lon: 55.45, lat: -20.88 } });
      const ref = await new CommuneReference({ departement: '46', file: CENTROIDS, cache, locators: [first, second] }).locate('97411');
      expect(ref).toMatchObject({
        code: '97411',
        name: 'Saint-Denis',
        departement: '974',
        location: { lon: 55.45, lat: -20.88 },
        locationSource: 'geo-api',
      });
      expect(first.asked).toEqual([['97411']]);
      expect(cache.saves).toHaveLength(1);
    });

    it('answers 404 for a code that is no current commune', async () => {
      const reference = new CommuneReference({ departement: '46', file: CENTROIDS, cache: new MemoryCommuneCache(), locators: [] });
      const failure = reference.locate('99999');
      await expect(failure).rejects.toBeInstanceOf(NotFoundError);
      await expect(failure).rejects.toThrow('Commune inconnue');
      await expect(failure).rejects.not.toThrow('99999'); // no input is echoed
      await expect(reference.locate('pas-un-code')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('answers 503 for a known commune no source can place', async () => {
      const reference = new CommuneReference({ departement: '46', cache: new MemoryCommuneCache(), locators: [silentGeoApi()] });
      const failure = reference.locate('46042');
      await expect(failure).rejects.toBeInstanceOf(CommuneReferenceUnavailableError);
      await expect(failure).rejects.toMatchObject({
        status: 503,
        message:
          'Les distances ne peuvent pas être calculées. Les coordonnées de la commune Cahors (46042) sont introuvables : aucun fichier des communes n’est configuré et l’API Géo de l’État n’a pas répondu. Indiquez un fichier CSV `code,nom,departement,lon,lat` dans la variable RELAIS_COMMUNES_FILE (par exemple communes-centroids.csv), puis relancez.',
      });
    });
  });
});

describe('GeoApiLocator', () => {
  const lotAnswer = [
    { code: '46042', nom: 'Cahors', centre: { type: 'Point', coordinates: [1.4436, 44.4508] } },
    { code: '46102', nom: 'Figeac', centre: { type: 'Point', coordinates: [2.0375, 44.6086] } },
    { code: '46001', nom: 'Albas' },
    { code: '46003', nom: 'Alvignac', centre: { type: 'Point', coordinates: ['nord', 44.8] } },
  ];

  function fakeFetch(answers: Record<string, () => Promise<Response>>) {
    const calls: Array<{ url: string; init?: RequestInit }> = [];
    const fn = (async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const answer = Object.entries(answers).find(([dep]) => url.includes(`/departements/${dep}/`))?.[1];
      return answer ? answer() : new Response('[]', { status: 200 });
    }) as unknown as typeof fetch;
    return { fn, calls };
  }
  const json =
    (body: unknown, status = 200) =>
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('asks each département’s communes once, with a timeout, and keeps the centres asked for', async () => {
    const { fn, calls } = fakeFetch({
      '46': json(lotAnswer),
      '12': json([{ code: '12202', centre: { type: 'Point', coordinates: [2.57, 44.35] } }]),
    });
    const found = await new GeoApiLocator('https://geo.api.gouv.fr/', fn).locate([
      { code: '46042', name: 'Cahors', departement: '46' },
      { code: '46001', name: 'Albas', departement: '46' },
      { code: '46003', name: 'Alvignac', departement: '46' },
      { code: '12202', name: 'Rodez', departement: '12' },
    ]);
    expect(calls.map((c) => c.url).sort()).toEqual([
      'https://geo.api.gouv.fr/departements/12/communes?fields=code,nom,centre&format=json',
      'https://geo.api.gouv.fr/departements/46/communes?fields=code,nom,centre&format=json',
    ]);
    expect(calls[0]?.init?.signal).toBeInstanceOf(AbortSignal);
    expect(calls[0]?.init?.signal?.aborted).toBe(false);
    expect(GEO_API_TIMEOUT_MS).toBe(5000);
    // 46102 was not asked for; 46001 has no centre and 46003 a broken one.
    expect(found).toEqual(
      new Map([
        ['46042', { lon: 1.4436, lat: 44.4508 }],
        ['12202', { lon: 2.57, lat: 44.35 }],
      ]),
    );
  });

  it.each([
    ['the network fails', async () => Promise.reject(new TypeError('fetch failed'))],
    [
      'the request times out',
      async () => Promise.reject(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })),
    ],
    ['the API answers an error', json({ message: 'indisponible' }, 503)],
    ['the answer is not JSON', async () => new Response('<html>maintenance</html>', { status: 200 })],
    ['the answer is not a list', json({ code: '46042' })],
  ])('finds nothing, without throwing, when %s', async (_, answer) => {
    const { fn } = fakeFetch({ '46': answer as () => Promise<Response> });
    await expect(
      new GeoApiLocator('https://geo.api.gouv.fr', fn).locate([{ code: '46042', name: 'Cahors', departement: '46' }]),
    ).resolves.toEqual(new Map());
  });
});

describe('AmazonLocationLocator', () => {
  // A real local HTTP server answering as Amazon Location's place index (ADR 0063).
  const CREDENTIALS = { accessKeyId: 'AKIDTESTRELAIS', secretAccessKey: 'test-secret-key' };
  let server: AwsHttpServer;
  let client: LocationClient;
  beforeAll(async () => {
    server = await startAwsHttpServer();
    client = new LocationClient({ endpoint: server.endpoint, region: 'eu-west-3', credentials: CREDENTIALS, retryBaseMs: 1 });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });
  /** A request as SearchPlaceIndexForText's input: the index from the path, the rest from the JSON body. */
  const inputOf = (request: ReceivedRequest) => {
    const index = /^\/places\/v0\/indexes\/([^/]+)\/search\/text$/.exec(request.path)?.[1];
    if (request.method !== 'POST' || index === undefined) throw new Error(`not a text search: ${request.method} ${request.path}`);
    return { IndexName: decodeURIComponent(index), ...JSON.parse(request.body) };
  };

  it('searches « name, département » among French municipalities, one result each', async () => {
    server.answer = () => ({ status: 200, body: { Results: [{ Place: { Geometry: { Point: [1.4436, 44.4508] } }, Relevance: 1 }] } });
    const found = await new AmazonLocationLocator(client, 'relais-test-places').locate([
      { code: '46042', name: 'Cahors', departement: '46' },
    ]);
    expect(found).toEqual(new Map([['46042', { lon: 1.4436, lat: 44.4508 }]]));
    expect(server.requests.map(inputOf)).toEqual([
      {
        IndexName: 'relais-test-places',
        Text: 'Cahors, 46',
        FilterCountries: ['FRA'],
        FilterCategories: ['MunicipalityType'],
        MaxResults: 1,
      },
    ]);
    expect(verifySignature(server.requests[0]!, CREDENTIALS.secretAccessKey)).toMatchObject({ service: 'geo' });
  });

  it('leaves out a commune whose search fails or finds nothing', async () => {
    server.answer = (request) => {
      const text = inputOf(request).Text;
      if (text === 'Cahors, 46') return { status: 200, body: { Results: [{ Place: { Geometry: { Point: [1.4436, 44.4508] } } }] } };
      if (text === 'Figeac, 46')
        return { status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } };
      if (text === 'Gourdon, 46') return { status: 400, headers: { 'x-amzn-errortype': 'ValidationException' }, body: { message: 'no' } };
      return { status: 200, body: { Results: [] } };
    };
    const found = await new AmazonLocationLocator(client, 'places').locate([
      { code: '46042', name: 'Cahors', departement: '46' },
      { code: '46102', name: 'Figeac', departement: '46' },
      { code: '46127', name: 'Gourdon', departement: '46' },
      { code: '46001', name: 'Albas', departement: '46' },
    ]);
    expect([...found.keys()]).toEqual(['46042']);
    // Figeac throttled: three attempts, as the SDK would; the others once.
    expect(server.requests.map((r) => inputOf(r).Text).sort()).toEqual([
      'Albas, 46',
      'Cahors, 46',
      'Figeac, 46',
      'Figeac, 46',
      'Figeac, 46',
      'Gourdon, 46',
    ]);
  });

  it('keeps at most 5 searches in flight', async () => {
    let inFlight = 0;
    let most = 0;
    server.answer = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return { status: 200, body: { Results: [{ Place: { Geometry: { Point: [1.5, 44.5] } } }] } };
    };
    const communes = Array.from({ length: 23 }, (_, i) => ({
      code: `46${String(i + 1).padStart(3, '0')}`,
      name: `C${i}`,
      departement: '46',
    }));
    const found = await new AmazonLocationLocator(client, 'places').locate(communes);
    expect(found.size).toBe(23);
    expect(most).toBe(5);
  });
});
