import { type ReplayedRequest, startDataInclusionReplay } from '../../../test/support/data-inclusion-replay';
import { DataInclusionApiError, HttpDataInclusionSource } from './data-inclusion-source';

const TOKEN = 'jeton-de-test';
let replay: Awaited<ReturnType<typeof startDataInclusionReplay>>;

beforeAll(async () => {
  replay = await startDataInclusionReplay(TOKEN);
});
afterAll(() => replay.stop());
beforeEach(() => {
  replay.requests.length = 0;
});

const source = (token = TOKEN) => new HttpDataInclusionSource({ baseUrl: replay.url, token: async () => token, pageSize: 2 });
const asked = (requests: ReplayedRequest[]) => requests.map((r) => [r.method, r.path, r.query, r.authorization]);

describe('HttpDataInclusionSource against the recorded answers of the data·inclusion API', () => {
  it('reads every page of the département’s structures, with its filter, paging and bearer token', async () => {
    const rows = (await source().structures('46')) as Array<{ id: string }>;
    expect(rows.map((r) => r.id)).toEqual(['soliguide--46-leyme-france-services', 'dora--croix-rouge-cahors', 'dora--restos-gourdon']);
    expect(asked(replay.requests)).toEqual([
      ['GET', '/api/v1/structures', { code_departement: '46', page: '1', size: '2' }, `Bearer ${TOKEN}`],
      ['GET', '/api/v1/structures', { code_departement: '46', page: '2', size: '2' }, `Bearer ${TOKEN}`],
    ]);
  });

  it('stops after the last page: a list that fits one page is one request', async () => {
    const rows = (await source().services('46')) as Array<{ id: string; structure_id: string }>;
    expect(rows.map((r) => r.structure_id)).toEqual(['soliguide--46-leyme-france-services', 'dora--croix-rouge-cahors']);
    expect(asked(replay.requests)).toEqual([
      ['GET', '/api/v1/services', { code_departement: '46', page: '1', size: '2' }, `Bearer ${TOKEN}`],
    ]);
  });

  it('fails on a refused token, naming the status, never the token', async () => {
    const failure = await source('mauvais')
      .structures('46')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DataInclusionApiError);
    expect(failure).toMatchObject({ status: 401, path: '/api/v1/structures' });
    expect(String((failure as Error).message)).not.toContain('mauvais');
  });

  it('refuses an answer that is not a page', async () => {
    const notAPage = new HttpDataInclusionSource({
      baseUrl: replay.url,
      token: async () => TOKEN,
      fetch: async () => new Response(JSON.stringify([{ id: 'x' }]), { status: 200 }),
    });
    await expect(notAPage.services('46')).rejects.toMatchObject({ status: 502 });
  });
});
