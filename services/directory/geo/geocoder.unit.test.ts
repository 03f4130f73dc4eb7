import { LocationClient } from '../../../shared/aws/location';
import { NotFoundError } from '../../../shared/errors/errors';
import {
  type Answer,
  type AwsHttpServer,
  type ReceivedRequest,
  startAwsHttpServer,
  verifySignature,
} from '../../../shared/testing/aws-http-server';
import { type CommuneCache, CommuneReference } from './communes';
import type { CommuneRef, Point } from './geo.types';
import { AmazonLocationGeocoder, CommuneCentreGeocoder, MAX_KM_FROM_COMMUNE_CENTRE } from './geocoder';

const LALBENQUE: CommuneRef = {
  code: '46156',
  name: 'Lalbenque',
  departement: '46',
  population: 1700,
  postalCodes: ['46230'],
  location: { lon: 1.5466, lat: 44.3386 },
  locationSource: 'file',
};

/** The cache port in memory, already holding Lalbenque. */
class MemoryCommuneCache implements CommuneCache {
  private readonly items = new Map([[LALBENQUE.code, LALBENQUE]]);
  async list(departement: string) {
    return [...this.items.values()].filter((c) => c.departement === departement);
  }
  async get(code: string) {
    return this.items.get(code);
  }
  async save(refs: CommuneRef[]) {
    for (const r of refs) this.items.set(r.code, r);
  }
}

const reference = () => new CommuneReference({ departement: '46', cache: new MemoryCommuneCache(), locators: [] });
const centre = LALBENQUE.location as Point;

describe('CommuneCentreGeocoder', () => {
  it('places a site at its commune’s centre', async () => {
    await expect(new CommuneCentreGeocoder(reference()).geocode({ address: 'Place de la Mairie', communeCode: '46156' })).resolves.toEqual({
      location: centre,
      source: 'commune-centre',
    });
  });

  it('answers 404 for an unknown commune', async () => {
    await expect(new CommuneCentreGeocoder(reference()).geocode({ address: 'Nulle part', communeCode: '99999' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('AmazonLocationGeocoder', () => {
  // A real local HTTP server answering as Amazon Location's place index (ADR 0063).
  const CREDENTIALS = { accessKeyId: 'AKIDTESTRELAIS', secretAccessKey: 'test-secret-key' };
  let server: AwsHttpServer;
  let client: LocationClient;
  beforeAll(async () => {
    server = await startAwsHttpServer();
    client = new LocationClient({
      endpoint: server.endpoint,
      region: 'eu-west-3',
      credentials: CREDENTIALS,
      retryBaseMs: 1,
      timeoutMs: 200,
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });
  const found = (lon: number, lat: number): Answer => ({
    status: 200,
    body: { Results: [{ Place: { Geometry: { Point: [lon, lat] } }, Relevance: 0.98 }] },
  });
  /** Each request as SearchPlaceIndexForText's input: the index from the path, the rest from the JSON body. */
  const inputs = () =>
    server.requests.map((request: ReceivedRequest) => {
      const index = /^\/places\/v0\/indexes\/([^/]+)\/search\/text$/.exec(request.path)?.[1];
      if (request.method !== 'POST' || index === undefined) throw new Error(`not a text search: ${request.method} ${request.path}`);
      return { IndexName: decodeURIComponent(index), ...JSON.parse(request.body) };
    });

  it('searches the address with postal code and commune in France, biased to the commune centre', async () => {
    server.answer = () => found(1.5471, 44.3391);
    const result = await new AmazonLocationGeocoder(client, 'relais-test-places', reference()).geocode({
      address: 'Place de la Mairie',
      communeCode: '46156',
      postalCode: '46230',
    });
    expect(result).toEqual({ location: { lon: 1.5471, lat: 44.3391 }, source: 'amazon-location' });
    expect(inputs()).toEqual([
      {
        IndexName: 'relais-test-places',
        Text: 'Place de la Mairie, 46230, Lalbenque',
        FilterCountries: ['FRA'],
        BiasPosition: [1.5466, 44.3386],
        MaxResults: 1,
      },
    ]);
    expect(verifySignature(server.requests[0]!, CREDENTIALS.secretAccessKey)).toMatchObject({ region: 'eu-west-3', service: 'geo' });
  });

  it('does not repeat the postal code or the commune the address already gives', async () => {
    server.answer = () => found(1.5471, 44.3391);
    await new AmazonLocationGeocoder(client, 'places', reference()).geocode({
      address: 'Place de la Mairie, 46230 LALBENQUE',
      communeCode: '46156',
      postalCode: '46230',
    });
    expect(inputs()[0]?.Text).toBe('Place de la Mairie, 46230 LALBENQUE');
  });

  it.each<[string, Answer, number]>([
    ['finds nothing', { status: 200, body: { Results: [] } }, 1],
    ['finds a namesake more than 20 km away', found(2.5, 45.5), 1],
    ['answers a point without coordinates', { status: 200, body: { Results: [{ Place: { Geometry: { Point: [] } } }] } }, 1],
    [
      'is throttled (after three attempts)',
      { status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } },
      3,
    ],
    ['does not exist', { status: 404, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' }, body: { message: 'no index' } }, 1],
    ['may not be called', { status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: { message: 'denied' } }, 1],
    ['does not answer in time', { status: 200, body: { Results: [] }, delayMs: 500 }, 1],
  ])('falls back on the commune centre when the place index %s', async (_, answer, attempts) => {
    server.answer = () => answer;
    await expect(
      new AmazonLocationGeocoder(client, 'places', reference()).geocode({ address: 'Place de la Mairie', communeCode: '46156' }),
    ).resolves.toEqual({
      location: centre,
      source: 'commune-centre',
    });
    expect(inputs()).toHaveLength(attempts);
  });

  it('keeps a result just inside the 20 km', async () => {
    expect(MAX_KM_FROM_COMMUNE_CENTRE).toBe(20);
    // 19.5 km due north.
    server.answer = () => found(centre.lon, centre.lat + 19.5 / 111.195);
    const result = await new AmazonLocationGeocoder(client, 'places', reference()).geocode({
      address: 'Route de Cahors',
      communeCode: '46156',
    });
    expect(result.source).toBe('amazon-location');
  });

  it('answers 404 for an unknown commune without searching', async () => {
    await expect(
      new AmazonLocationGeocoder(client, 'places', reference()).geocode({ address: 'Nulle part', communeCode: '99999' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(inputs()).toHaveLength(0);
  });
});
