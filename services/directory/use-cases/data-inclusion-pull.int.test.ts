/**
 * The daily pull from the data·inclusion API (ADR 0044) on DynamoDB Local, against the recorded
 * answers of the API replayed by a local HTTP server: it upserts through the import with its
 * report, and never overwrites an entry a partner verified in Relais after the source's
 * `date_maj` (and does overwrite one verified before it).
 */
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { newId } from '../../../shared/validation/common.schema';
import { startDataInclusionReplay } from '../../../test/support/data-inclusion-replay';
import { withFreshTable } from '../../../test/support/fresh-table';
import { HttpDataInclusionSource } from '../exchange/data-inclusion-source';
import type { Geocoder } from '../geo/geocoder';
import { directoryService } from '../service';
import { DynamoDirectoryRepository } from '../store/directory.repository';
import { makePullDataInclusion } from './data-inclusion-pull.use-cases';

withFreshTable(directoryService);
const TOKEN = 'jeton-data-inclusion';
let replay: Awaited<ReturnType<typeof startDataInclusionReplay>>;

beforeAll(async () => {
  replay = await startDataInclusionReplay(TOKEN);
});

afterAll(async () => {
  await replay?.stop();
});

// The fixed clock: a morning of December 2026 (the recorded rows are dated September–October 2026).
const NOW = new Date('2026-12-07T04:30:00.000Z');
const repository = new DynamoDirectoryRepository();
// Every recorded structure has coordinates: nothing is geocoded.
const geocoder: Geocoder = {
  geocode: async () => {
    throw new Error('not expected: the recorded structures have coordinates');
  },
};
const pull = () =>
  makePullDataInclusion({
    repository,
    clock: { now: () => NOW },
    newId,
    geocoder,
    planHours: () => undefined,
    departement: '46',
    source: new HttpDataInclusionSource({ baseUrl: replay.url, token: async () => TOKEN, pageSize: 2 }),
  }).execute();

const LEYME = { source: 'soliguide', id: 'soliguide--46-leyme-france-services' };
const CAHORS = { source: 'dora', id: 'dora--croix-rouge-cahors' };
const siteOf = async (origin: typeof LEYME) => repository.getSite((await repository.findByOrigin('site', origin))!);
const serviceOf = async (id: string, source: string) => repository.getService((await repository.findByOrigin('service', { source, id }))!);

/** What a partner does in Relais: corrects the phone and so verifies the entry, at `verifiedAt`. */
async function partnerVerifiesSite(origin: typeof LEYME, phone: string, verifiedAt: string) {
  const site = (await siteOf(origin))!;
  const { openIntervals, ...stored } = site;
  const uow = new UnitOfWork();
  repository.saveSite(uow, { ...stored, phone, lastVerifiedAt: verifiedAt, version: site.version + 1 }, openIntervals, site.version);
  await uow.commit();
}
async function partnerVerifiesService(id: string, source: string, feesDetails: string, verifiedAt: string) {
  const service = (await serviceOf(id, source))!;
  const uow = new UnitOfWork();
  repository.saveService(uow, { ...service, feesDetails, lastVerifiedAt: verifiedAt, version: service.version + 1 }, service.version);
  await uow.commit();
}

describe('the data·inclusion pull', () => {
  it('imports the département’s structures and services of every page, with the import’s report', async () => {
    const report = await pull();
    expect(report).toEqual({
      structures: { created: 3, updated: 0, unchanged: 0 },
      services: { created: 2, updated: 0, unchanged: 0 },
      rejected: [],
      keptVerified: { structures: 0, services: 0 },
    });
    expect(await siteOf(LEYME)).toMatchObject({ name: 'France services Leyme', phone: '+33536490701', communeCode: '46170' });
    // Structures then services, each list paged, with the bearer token.
    expect(replay.requests.map((r) => `${r.path}?page=${r.query.page}&dep=${r.query.code_departement}`).sort()).toEqual([
      '/api/v1/services?page=1&dep=46',
      '/api/v1/structures?page=1&dep=46',
      '/api/v1/structures?page=2&dep=46',
    ]);
  });

  it('changes nothing when pulled again', async () => {
    const report = await pull();
    expect(report.structures).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(report.services).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });

  it('never overwrites what a partner verified in Relais after the source’s date_maj, and takes the source’s when it is newer', async () => {
    // Leyme's partner verified in Relais in November, after the source's 2 October: Relais wins.
    await partnerVerifiesSite(LEYME, '+33536490799', '2026-11-20T10:00:00.000Z');
    await partnerVerifiesService('soliguide--46-leyme-france-services--demarches', 'soliguide', 'Sans frais', '2026-11-20T10:00:00.000Z');
    // The Croix-Rouge's partner verified on 1 September, before the source's 15 September: the source wins.
    await partnerVerifiesSite(CAHORS, '+33536490798', '2026-09-01T10:00:00.000Z');
    await partnerVerifiesService('dora--croix-rouge-cahors--vestiaire', 'dora', 'Gratuit', '2026-09-01T10:00:00.000Z');

    const report = await pull();
    expect(report.keptVerified).toEqual({ structures: 1, services: 1 });
    expect(report.structures).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(report.services).toEqual({ created: 0, updated: 1, unchanged: 0 });

    expect(await siteOf(LEYME)).toMatchObject({ phone: '+33536490799', lastVerifiedAt: '2026-11-20T10:00:00.000Z' });
    expect(await serviceOf('soliguide--46-leyme-france-services--demarches', 'soliguide')).toMatchObject({ feesDetails: 'Sans frais' });
    expect(await siteOf(CAHORS)).toMatchObject({ phone: '+33536490702' });
    const vestiaire = await serviceOf('dora--croix-rouge-cahors--vestiaire', 'dora');
    expect(vestiaire).toMatchObject({ feesDetails: 'Participation symbolique ; gratuit sur orientation.' });
    // The source's update is not a verification: the entry keeps the date its partner gave.
    expect(vestiaire?.lastVerifiedAt).toBe('2026-09-01T10:00:00.000Z');
  });

  it('stops on a refused token and imports nothing', async () => {
    const refused = makePullDataInclusion({
      repository,
      clock: { now: () => NOW },
      newId,
      geocoder,
      planHours: () => undefined,
      departement: '46',
      source: new HttpDataInclusionSource({ baseUrl: replay.url, token: async () => 'périmé', pageSize: 2 }),
    });
    await expect(refused.execute()).rejects.toMatchObject({ status: 401 });
  });
});
