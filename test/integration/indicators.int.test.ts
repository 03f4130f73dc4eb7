/**
 * Indicators on the local stack (API.md, Indicators): the directory's and intake's real flows
 * over HTTP, the parcours' and surveys' events published on the local bus as their contracts
 * say (contracts.md), replays that change nothing, the rebuild equal to the live figures, bad
 * input and roles, and the State export read back (CSV parsed, XLSX opened with exceljs).
 */
import { join, resolve } from 'node:path';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { countsKey } from '../../services/indicators/domain/aggregates';
import { DEFINITIONS, INDICATOR_IDS } from '../../services/indicators/domain/definitions';
import { personKey } from '../../services/indicators/domain/facts';
import { rebuildAggregates } from '../../services/indicators/store/rebuild';
import { loadSecret } from '../../shared/auth/secrets';
import { resetSettings, tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { eventPublisher } from '../../shared/events/publisher';
import { ulid } from '../../shared/ids/ulid';
import { communePopulation } from '../../shared/reference/commune-populations';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(120_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const YEAR = new Date().getUTCFullYear();
const org = (type: string) => DEMO_ORGANISATIONS.find((o) => o.type === type)!;
const departement = org('departements');
const caf = org('caf');
const gramat = DEMO_USERS.find((u) => u.username === 'agent.gramat')!;

const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });
// biome-ignore lint/suspicious/noExplicitAny: the report's shape is checked by the route's schema
const report = async (): Promise<any> => {
  const res = await call('pilote', 'GET', `/api/indicators?year=${YEAR}`);
  expect(res.status).toBe(200);
  return res.body;
};
/** The report without the time it was produced: what must not change. */
const figures = async () => {
  const { generatedAt: _generatedAt, ...rest } = await report();
  return rest;
};

async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

interface Envelope {
  source: string;
  detailType: string;
  detail: string;
}
function envelope(source: string, detailType: string, data: Record<string, unknown>): Envelope {
  const eventId = ulid();
  return {
    source,
    detailType,
    detail: JSON.stringify({ metadata: { eventId, occurredAt: new Date().toISOString(), correlationId: eventId, version: 1 }, data }),
  };
}
/** Publish on the stack's bus (in process): delivered to the subscriptions before it returns. */
const publish = (events: Envelope[]) => eventPublisher().publish(events);

/** Every event a service's outbox still holds (a test may Scan, a request never). */
async function outboxEvents(service: string): Promise<Envelope[]> {
  const out = await ddb().send(
    new ScanCommand({
      TableName: tableName(service, 'main'),
      FilterExpression: 'begins_with(pk, :p)',
      ExpressionAttributeValues: { ':p': 'OUTBOX#' },
    }),
  );
  return (out.Items ?? []).map((i) => ({ source: i.source as string, detailType: i.detailType as string, detail: i.detail as string }));
}

beforeAll(async () => {
  // The real commune reference of the Lot: the directory can compute the coverage.
  process.env.RELAIS_COMMUNES_FILE = join(resolve(__dirname, '..', '..', '..', 'shared', 'data'), 'communes-centroids.csv');
  process.env.RELAIS_GEO_API_URL = 'off';
  resetSettings();
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['pilote', 'admin', 'agent.gramat', 'ts.figeac', 'partenaire.caf']) tokens[u] = await api.token(u);
  await stack.drain();
  // The demo directory reaches the indicators through its events.
  await waitFor(async () => (await report()).indicators.networkOrganisations.value > 0, 'the census of the demo network');
});

afterAll(async () => {
  await stack?.stop();
});

const PERSON_ID = ulid();
const parcoursEvents = (() => {
  const parcoursId = ulid();
  const personId = PERSON_ID;
  const territoryId = ulid();
  const now = new Date().toISOString();
  return [
    envelope('relais.parcours', 'TerritoryChanged', {
      territoryId,
      name: 'Territoire de Gramat (pilote)',
      communeCodes: ['46127', '46102'],
      referentDeployed: true,
      deployedOn: `${YEAR}-01-01`,
      version: 1,
    }),
    envelope('relais.parcours', 'ParcoursOpened', {
      parcoursId,
      personId,
      referentUserId: ulid(),
      referentOrganisationId: departement.id,
      territoryId,
      openedAt: now,
    }),
    envelope('relais.parcours', 'ParcoursMemberAdded', {
      parcoursId,
      personId,
      memberId: ulid(),
      organisationId: caf.id,
      role: 'Conseillère CAF',
      at: now,
    }),
    envelope('relais.parcours', 'MeetingHeld', { parcoursId, meetingId: ulid(), date: now, personPresent: true, participantCount: 3 }),
    envelope('relais.parcours', 'ParcoursClosed', {
      parcoursId,
      personId,
      referentOrganisationId: departement.id,
      territoryId,
      openedAt: now,
      closedAt: now,
      withAssessment: true,
      outcomes: { achieved: 2, partly: 1, notAchieved: 0 },
    }),
    envelope('relais.surveys', 'SurveySent', { surveyId: ulid(), organisationId: departement.id, trigger: 'reception', sentAt: now }),
    envelope('relais.surveys', 'SurveyAnswered', {
      surveyId: ulid(),
      organisationId: departement.id,
      score: 4,
      withComment: false,
      answeredAt: now,
    }),
  ];
})();

describe('the indicators move with the other services’ flows', () => {
  it('an immersion with two participants adds two professionals trained', async () => {
    const before = (await report()).indicators.professionalsTrained.value as number;
    const created = await call('pilote', 'POST', '/api/network-events', {
      kind: 'immersion',
      title: 'Immersion croisée CAF et département',
      date: `${YEAR}-03-10`,
      participants: [
        { name: 'Claire Delmas', organisationId: caf.id },
        { name: 'Marc Couderc', organisationId: departement.id },
      ],
    });
    expect(created.status).toBe(201);
    await stack.drain();
    const after = await waitFor(async () => {
      const r = await report();
      return r.indicators.professionalsTrained.value !== before && r;
    }, 'the professionals trained');
    expect(after.indicators.professionalsTrained.value).toBe(before + 2);
    expect(after.indicators.professionalsTrained.tools).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'immersion', events: 1, participations: 2 })]),
    );
  });

  it('the coverage the directory computes becomes populationWithin30Minutes', async () => {
    const coverage = await call('pilote', 'POST', '/api/coverage/refresh', {});
    expect(coverage.status).toBe(200);
    await stack.drain();
    const r = await waitFor(async () => {
      const r = await report();
      return r.indicators.populationWithin30Minutes.value !== null && r;
    }, 'the coverage indicator');
    expect(r.indicators.populationWithin30Minutes).toMatchObject({
      value: coverage.body.rate,
      populationTotal: coverage.body.populationTotal,
      computedAt: coverage.body.computedAt,
      target: 1,
      unit: 'ratio',
    });
  });

  it('receptions, referrals and a declined referral feed the observatory', async () => {
    const alone = await call('agent.gramat', 'POST', '/api/receptions', {
      siteId: gramat.siteId,
      channel: 'phone',
      anonymous: { ageRange: '25-34', communeCode: '46127' },
      themes: ['logement-hebergement'],
    });
    expect(alone.status).toBe(201);
    const oriented = await call('agent.gramat', 'POST', '/api/receptions', {
      siteId: gramat.siteId,
      channel: 'site',
      anonymous: { communeCode: '46127' },
      themes: ['famille'],
    });
    expect(oriented.status).toBe(201);
    const referral = await call('agent.gramat', 'POST', '/api/referrals', {
      toOrganisationId: caf.id,
      receptionId: oriented.body.id,
      themes: ['famille'],
      reason: 'Demande d’aide aux vacances',
      liaisonNote: 'Famille reçue à Gramat, à rappeler.',
    });
    expect(referral.status).toBe(201);
    const declined = await call('partenaire.caf', 'POST', `/api/referrals/${referral.body.id}/decline`, {
      reason: 'Plus de places cette saison',
      reasonCode: 'capacite_insuffisante',
    });
    expect(declined.status).toBe(200);
    await stack.drain();

    const r = await waitFor(async () => {
      const r = await report();
      const o = r.observatory;
      return o.unmetNeeds.declinedReferrals >= 1 && o.receptions >= 2 && o.unmetNeeds.receptionsWithoutReferral === 1 && r;
    }, 'the observatory');
    const o = r.observatory;
    expect(o.byTheme).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'logement-hebergement', count: 1 }),
        expect.objectContaining({ key: 'famille', count: 1 }),
      ]),
    );
    expect(o.byChannel).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'phone', label: 'Téléphone', count: 1 })]));
    expect(o.byCommune).toEqual(expect.arrayContaining([expect.objectContaining({ key: '46127', label: 'Gourdon', count: 2 })]));
    const month = new Date().toISOString().slice(0, 7);
    expect(o.byMonth.find((m: { key: string }) => m.key === month).count).toBe(2);
    // The reception followed by a referral is not an unmet need; the other one is.
    expect(o.unmetNeeds.receptionsWithoutReferral).toBe(1);
    expect(o.unmetNeeds.byTheme).toEqual([expect.objectContaining({ key: 'logement-hebergement', count: 1 })]);
    expect(o.unmetNeeds.declinedByReason).toEqual([expect.objectContaining({ key: 'capacite_insuffisante', count: 1 })]);
  });

  it('a closed parcours with its assessment makes closedParcoursWithAssessment 1 and peopleAccompanied at least 1', async () => {
    await publish(parcoursEvents);
    const r = await waitFor(async () => {
      const r = await report();
      return r.indicators.closedParcoursWithAssessment.value !== null && r;
    }, 'the parcours indicators');
    expect(r.indicators.closedParcoursWithAssessment).toMatchObject({ value: 1, target: 1, unit: 'ratio' });
    expect(r.indicators.peopleAccompanied.value).toBeGreaterThanOrEqual(1);
    expect(r.indicators.referentPartners.value).toBe(1);
    // The pilot lies inside the demo's deployed territories (parcours seeds them): each commune counts once.
    const territories = await call('pilote', 'GET', '/api/territories');
    expect(territories.status).toBe(200);
    const listed = (territories.body.items ?? territories.body) as Array<{ communeCodes: string[]; referentDeployed: boolean }>;
    const deployed = new Set(['46127', '46102', ...listed.filter((t) => t.referentDeployed).flatMap((t) => t.communeCodes)]);
    const population = [...deployed].reduce((sum, code) => sum + communePopulation(code), 0);
    expect(population).toBeLessThan(communePopulation('46127') + communePopulation('46102') + 55_076 + 47_182);
    expect(r.indicators.referentPopulationCoverage.populationCovered).toBe(population);
    expect(r.indicators.referentPopulationCoverage.value).toBeGreaterThan(0);
    expect(r.indicators.organisationsMeasuringSatisfaction.numerator).toBe(1);
    // Receptions at Gramat now fall in the new territory.
    expect(r.observatory.byTerritory).toEqual(
      expect.arrayContaining([expect.objectContaining({ label: 'Territoire de Gramat (pilote)', count: 2 })]),
    );
    for (const id of INDICATOR_IDS) {
      expect(r.indicators[id]).toMatchObject({ unit: DEFINITIONS[id].unit, definition: DEFINITIONS[id].definition });
      if (r.indicators[id].unit === 'ratio' && r.indicators[id].value !== null) {
        expect(r.indicators[id].value).toBeGreaterThanOrEqual(0);
        expect(r.indicators[id].value).toBeLessThanOrEqual(1);
      }
    }
  });

  it('replaying the same events twice changes nothing', async () => {
    const before = await figures();
    const replay = [...parcoursEvents, ...(await outboxEvents('intake')), ...(await outboxEvents('directory'))];
    expect(replay.length).toBeGreaterThan(parcoursEvents.length);
    await publish(replay);
    await publish(replay);
    expect(await figures()).toEqual(before);
  });

  it('the rebuild recomputes from the journal the same figures as the live aggregates', async () => {
    const live = await figures();
    // Lose an aggregate first: the rebuild must bring it back.
    await ddb().send(new DeleteCommand({ TableName: tableName('indicators', 'main'), Key: countsKey(YEAR) }));
    expect((await figures()).observatory.receptions).toBe(0);
    const result = await rebuildAggregates({ table: tableName('indicators', 'main'), populations: communePopulation });
    expect(result.facts).toBeGreaterThan(10);
    expect(await figures()).toEqual(live);
  });
});

describe('erasure', () => {
  it('PersonErased leaves no hash of the person in the indicators, and the figures as they were', async () => {
    const table = async () =>
      JSON.stringify((await ddb().send(new ScanCommand({ TableName: tableName('indicators', 'main') }))).Items, (_k, v) =>
        v instanceof Set ? [...v] : v,
      );
    const key = await loadSecret('indicatorsKey');
    expect(await table()).toContain(personKey(PERSON_ID, key));
    const before = await figures();
    await publish([envelope('relais.intake', 'PersonErased', { personId: PERSON_ID, at: new Date().toISOString() })]);
    expect(await table()).not.toContain(personKey(PERSON_ID, key));
    expect(await figures()).toEqual(before);
    // And a rebuild from the rewritten journal still finds the same figures.
    await rebuildAggregates({ table: tableName('indicators', 'main'), populations: communePopulation });
    expect(await figures()).toEqual(before);
  });
});

describe('bad input and roles', () => {
  it('answers 400 for a year outside the data, a malformed year and an unknown format', async () => {
    const old = await call('pilote', 'GET', '/api/indicators?year=2003');
    expect(old.status).toBe(400);
    expect(old.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(old.body.errors).toEqual([{ path: 'query.year', message: expect.stringMatching(/Aucune donnée pour 2003/) }]);
    const malformed = await call('pilote', 'GET', '/api/indicators?year=deux-mille');
    expect(malformed.status).toBe(400);
    const format = await call('admin', 'GET', `/api/indicators/export?year=${YEAR}&format=pdf`);
    expect(format.status).toBe(400);
    expect(format.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.format']);
    const oldExport = await call('admin', 'GET', '/api/indicators/export?year=2003&format=csv');
    expect(oldExport.status).toBe(400);
  });

  it('answers 403 to every role other than pilote and admin', async () => {
    for (const u of ['agent.gramat', 'ts.figeac', 'partenaire.caf']) {
      expect((await call(u, 'GET', '/api/indicators')).status).toBe(403);
      expect((await call(u, 'GET', `/api/indicators/export?format=csv`)).status).toBe(403);
    }
    expect((await api.call('GET', '/api/indicators')).status).toBe(401);
    expect((await call('admin', 'GET', '/api/indicators')).status).toBe(200);
  });
});

describe('the export for the State', () => {
  const download = (format: string) =>
    fetch(`${stack.url}/api/indicators/export?year=${YEAR}&format=${format}`, { headers: { authorization: `Bearer ${tokens.pilote}` } });

  it('CSV: one row per indicator with its definition, target and value, then the observatory', async () => {
    const r = await report();
    const res = await download('csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="relais-indicateurs-${YEAR}.csv"`);
    const text = (await res.text()).replace(/^\ufeff/, '');
    // Cells never hold a newline here; quoted cells may hold semicolons.
    // Semicolons separate cells, except inside double quotes ("" is a quote).
    const parse = (line: string) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted && c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = !quoted;
        else if (c === ';' && !quoted) {
          cells.push(cell);
          cell = '';
        } else cell += c;
      }
      return [...cells, cell];
    };
    const rows = text.split('\r\n').map(parse);
    const header = rows.findIndex((row) => row[0] === 'indicateur');
    for (const [i, id] of INDICATOR_IDS.entries()) {
      const row = rows[header + 1 + i]!;
      expect(row.slice(0, 6)).toEqual([
        id,
        r.indicators[id].label,
        r.indicators[id].definition,
        r.indicators[id].target === undefined ? '' : String(r.indicators[id].target),
        r.indicators[id].value === null ? '' : String(r.indicators[id].value),
        r.indicators[id].unit,
      ]);
    }
    expect(rows).toContainEqual(['Accueils par thème', 'famille', expect.any(String), '1', '0']);
    // The annual census by kind, and the network's tools.
    const byKind = rows.filter((row) => row[0] === 'Structures du réseau par type');
    expect(byKind.reduce((sum, row) => sum + Number(row[3]), 0)).toBe(r.indicators.networkOrganisations.value);
    expect(rows).toContainEqual(['Outils du réseau (participations)', 'immersion', 'Immersions croisées', '2', '']);
  });

  it('XLSX: opens with every indicator and the observatory sheets', async () => {
    const r = await report();
    const res = await download('xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Indicateurs')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Indicateur', 'Libellé', 'Définition', 'Cible', 'Valeur', 'Unité']);
    // Laid out for reading: column widths, a bold header row.
    expect(sheet.columns.map((c) => c.width)).toEqual([34, 50, 90, 10, 10, 12]);
    for (let c = 1; c <= 6; c++) expect([c, sheet.getRow(1).getCell(c).font?.bold]).toEqual([c, true]);
    expect(sheet.getRow(2).getCell(1).font?.bold ?? false).toBe(false);
    for (const [i, id] of INDICATOR_IDS.entries()) {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(id);
      expect(row.getCell(3).value).toBe(r.indicators[id].definition);
      expect(row.getCell(5).value ?? null).toBe(r.indicators[id].value);
    }
    expect(book.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Accueils par thème', 'Accueils par territoire', 'Accueils par mois']),
    );
    // The no-show rate: the year's total first, shown as a percentage with one decimal.
    const noShows = book.getWorksheet('RDV manqués (total)')!;
    expect(noShows.columns.map((c) => c.width)).toEqual([30, 60, 12, 12, 16]);
    expect(noShows.getRow(2).getCell(1).value).toBe('total');
    expect(noShows.getRow(2).getCell(5).value ?? null).toBe(r.observatory.noShows.rate);
    expect(noShows.getRow(2).getCell(5).numFmt).toBe('0.0%');
  });
});
