import { LocationClient, SearchPlaceIndexForTextCommand } from '@aws-sdk/client-location';
import { mockClient } from 'aws-sdk-client-mock';
import { NotFoundError } from '../../../shared/errors/errors';
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
  const client = new LocationClient({ region: 'eu-west-3' });
  const location = mockClient(client);
  beforeEach(() => location.reset());
  const found = (lon: number, lat: number) => ({
    Results: [{ Place: { Geometry: { Point: [lon, lat] } }, Relevance: 0.98 }],
    Summary: undefined,
  });
  const inputs = () => location.commandCalls(SearchPlaceIndexForTextCommand).map((c) => c.args[0].input);

  it('searches the address with postal code and commune in France, biased to the commune centre', async () => {
    location.on(SearchPlaceIndexForTextCommand).resolves(found(1.5471, 44.3391));
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
  });

  it('does not repeat the postal code or the commune the address already gives', async () => {
    location.on(SearchPlaceIndexForTextCommand).resolves(found(1.5471, 44.3391));
    await new AmazonLocationGeocoder(client, 'places', reference()).geocode({
      address: 'Place de la Mairie, 46230 LALBENQUE',
      communeCode: '46156',
      postalCode: '46230',
    });
    expect(inputs()[0]?.Text).toBe('Place de la Mairie, 46230 LALBENQUE');
  });

  it.each([
    ['finds nothing', async () => ({ Results: [], Summary: undefined })],
    ['finds a namesake more than 20 km away', async () => found(2.5, 45.5)],
    ['answers a point without coordinates', async () => ({ Results: [{ Place: { Geometry: { Point: [] } } }], Summary: undefined })],
    ['fails', async () => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))],
  ])('falls back on the commune centre when the place index %s', async (_, answer) => {
    location.on(SearchPlaceIndexForTextCommand).callsFake(answer);
    await expect(
      new AmazonLocationGeocoder(client, 'places', reference()).geocode({ address: 'Place de la Mairie', communeCode: '46156' }),
    ).resolves.toEqual({
      location: centre,
      source: 'commune-centre',
    });
    expect(inputs()).toHaveLength(1);
  });

  it('keeps a result just inside the 20 km', async () => {
    expect(MAX_KM_FROM_COMMUNE_CENTRE).toBe(20);
    // 19.5 km due north.
    location.on(SearchPlaceIndexForTextCommand).resolves(found(centre.lon, centre.lat + 19.5 / 111.195));
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
