import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import { withFreshTable } from '../../../test/support/fresh-table';
import type { CommuneRef } from '../geo/geo.types';
import { directoryService } from '../service';
import { DynamoCommuneCache } from './communes.repository';

const table = withFreshTable(directoryService);

function commune(code: string, overrides: Partial<CommuneRef> = {}): CommuneRef {
  return {
    code,
    name: `Commune ${code}`,
    departement: code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2),
    population: Number(code.slice(-3)),
    postalCodes: [`${code.slice(0, 2)}100`],
    location: { lon: 1 + Number(code.slice(-3)) / 1000, lat: 44.5 },
    locationSource: 'file',
    ...overrides,
  };
}

describe('DynamoCommuneCache', () => {
  const cache = new DynamoCommuneCache();

  describe('right paths', () => {
    it('saves more than one batch of 25 and lists a département’s communes back, every page', async () => {
      const lot = Array.from({ length: 312 }, (_, i) => commune(`46${String(i + 1).padStart(3, '0')}`));
      const elsewhere = [commune('12202'), commune('2A004'), commune('97411')];
      await cache.save([...lot, ...elsewhere]);
      const listed = await cache.list('46');
      expect(listed).toHaveLength(312);
      expect(listed.sort((a, b) => (a.code < b.code ? -1 : 1))).toEqual(lot);
      expect(await cache.list('2A')).toEqual([elsewhere[1]]);
      expect(await cache.list('974')).toEqual([elsewhere[2]]);
      expect(await cache.list('47')).toEqual([]);
    });

    it('pages through a partition larger than 1 MB', async () => {
      // ~4 KB per item (many postal codes) × 400 items: DynamoDB answers in several pages.
      const heavy = Array.from({ length: 400 }, (_, i) =>
        commune(`33${String(i + 1).padStart(3, '0')}`, { postalCodes: Array.from({ length: 700 }, (_, j) => String(10000 + j)) }),
      );
      await cache.save(heavy);
      expect(await cache.list('33')).toHaveLength(400);
    });

    it('gets one commune by code, in its département’s partition (Corsica and overseas included)', async () => {
      await cache.save([commune('2B033'), commune('97601')]);
      expect(await cache.get('2B033')).toEqual(commune('2B033'));
      expect(await cache.get('97601')).toEqual(commune('97601'));
      expect(await cache.get('46999')).toBeUndefined();
    });

    it('stores the documented item shape', async () => {
      await cache.save([
        commune('46042', {
          name: 'Cahors',
          population: 20050,
          postalCodes: ['46000'],
          location: { lon: 1.4421, lat: 44.4475 },
          locationSource: 'geo-api',
        }),
      ]);
      const { Item } = await ddb().send(new GetCommand({ TableName: table, Key: { pk: 'COMMUNES#46', sk: '46042' } }));
      expect(Item).toEqual({
        pk: 'COMMUNES#46',
        sk: '46042',
        entity: 'Commune',
        code: '46042',
        name: 'Cahors',
        departement: '46',
        population: 20050,
        postalCodes: ['46000'],
        lon: 1.4421,
        lat: 44.4475,
        locationSource: 'geo-api',
      });
    });

    it('replaces a commune saved again, and keeps the last of two saves of the same code in one call', async () => {
      await cache.save([commune('46102', { population: 1 }), commune('46102', { population: 2 })]);
      expect((await cache.get('46102'))?.population).toBe(2);
      await cache.save([commune('46102', { population: 3 })]);
      expect((await cache.get('46102'))?.population).toBe(3);
    });

    it('keeps a commune without coordinates without a location', async () => {
      const { location: _, locationSource: __, ...unplaced } = commune('46201');
      await cache.save([unplaced]);
      expect(await cache.get('46201')).toEqual(unplaced);
    });

    it('accepts an empty save', async () => {
      await expect(cache.save([])).resolves.toBeUndefined();
    });
  });

  describe('wrong paths', () => {
    it('reads an item with an unknown location source without inventing one', async () => {
      await ddb().send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: 'COMMUNES#46',
            sk: '46300',
            entity: 'Commune',
            code: '46300',
            name: 'X',
            departement: '46',
            population: 5,
            postalCodes: [],
            lon: 1.5,
            lat: 44.5,
            locationSource: 'guess',
          },
        }),
      );
      expect(await cache.get('46300')).toEqual({
        code: '46300',
        name: 'X',
        departement: '46',
        population: 5,
        postalCodes: [],
        location: { lon: 1.5, lat: 44.5 },
      });
    });
  });
});
