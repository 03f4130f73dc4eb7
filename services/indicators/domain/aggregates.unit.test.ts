import ExcelJS from 'exceljs';
import { MemoryStore } from '../store/aggregate-store';
import { CENSUS_POINTER_KEY, countsKey, coverageKey, LIVE_CENSUS_KEY, project, TERRITORIES_PK } from './aggregates';
import { INDICATOR_IDS } from './definitions';
import { noShowPercent as pct, reportCsv, reportXlsx, xlsxSheetName } from './export';
import { type Fact, personKey, toFact } from './facts';
import { buildReport } from './report';

const NOW = new Date('2026-06-30T12:00:00Z');
let seq = 0;
const populations = (code: string) => ({ '46042': 20000, '46102': 10000, '46127': 5000 })[code] ?? 0;

function fact(source: string, detailType: string, data: Record<string, unknown>): Fact {
  seq++;
  const f = toFact(source, detailType, { metadata: { eventId: `E${String(seq).padStart(4, '0')}`, occurredAt: NOW.toISOString() }, data });
  if (!f) throw new Error(`not a fact: ${detailType}`);
  return f;
}

async function feed(store: MemoryStore, ...facts: Fact[]) {
  for (const f of facts) store.apply(await project(f, { reader: store, populations }));
}

/** As the route reads it: live, unless it changed after that year (then the last year-end copy up to it). */
async function census(store: MemoryStore, year: number) {
  const live = (await store.get(CENSUS_POINTER_KEY))?.year as number | undefined;
  if (live === undefined || live <= year) return store.get(LIVE_CENSUS_KEY);
  const copies = (await store.query('CENSUS')).filter((i) => i.sk.startsWith('YEAR#') && i.sk <= `YEAR#${year}`);
  return copies.at(-1);
}

async function report(store: MemoryStore, year = 2026) {
  return buildReport({
    year,
    now: NOW,
    counts: await store.get(countsKey(year)),
    previousCounts: await store.get(countsKey(year - 1)),
    coverage: await store.get(coverageKey(year)),
    census: await census(store, year),
    territories: await store.query(TERRITORIES_PK),
    departementPopulation: 40000,
    communePopulation: populations,
    themeLabel: (t) => t.toUpperCase(),
    communeName: (c) => `commune ${c}`,
  });
}

const org = (id: string, networkMember: boolean, version = 1, type = 'ccas') =>
  fact('relais.directory', 'OrganisationChanged', {
    organisationId: id,
    version,
    type,
    networkMember,
    change: 'created',
    charterSigned: true,
  });
const site = (id: string, organisationId: string, opts: { version?: number; unconditional?: boolean; onPublicMap?: boolean } = {}) =>
  fact('relais.directory', 'SiteChanged', {
    siteId: id,
    organisationId,
    version: opts.version ?? 1,
    change: 'created',
    communeCode: '46042',
    location: { lon: 1, lat: 44 },
    unconditionalReception: opts.unconditional ?? true,
    themes: [],
    ...(opts.onPublicMap === undefined ? {} : { onPublicMap: opts.onPublicMap }),
  });
const reception = (id: string, themes: string[], extra: Record<string, unknown> = {}) =>
  fact('relais.intake', 'ReceptionRecorded', {
    receptionId: id,
    siteId: 'S1',
    organisationId: 'O1',
    channel: 'site',
    themes,
    communeCode: '46042',
    anonymous: false,
    personId: 'P-secret',
    phone: '+33600000000',
    receivedAt: '2026-03-04T10:00:00Z',
    smsSurveysConsent: true,
    ...extra,
  });

describe('facts', () => {
  it('keep no phone and no person id, only a keyed hash of it', () => {
    const f = reception('R1', ['logement']);
    expect(JSON.stringify(f)).not.toContain('+33600000000');
    expect(JSON.stringify(f)).not.toContain('P-secret');
    const closed = fact('relais.parcours', 'ParcoursClosed', {
      parcoursId: 'PA',
      personId: 'P-secret',
      referentOrganisationId: 'O1',
      openedAt: '2026-01-01T00:00:00Z',
      closedAt: '2026-05-01T00:00:00Z',
      withAssessment: true,
      outcomes: { achieved: 1, partly: 0, notAchieved: 0 },
    });
    expect(closed.data).toEqual(expect.objectContaining({ person: personKey('P-secret') }));
    expect(personKey('P-secret', 'k1')).not.toEqual(personKey('P-secret', 'k2'));
  });

  it('ignore events the indicators do not use, and refuse a known event that breaks its contract', () => {
    expect(toFact('relais.intake', 'PersonConsentsChanged', { metadata: { eventId: 'x', occurredAt: 'y' }, data: {} })).toBeUndefined();
    expect(() =>
      toFact('relais.intake', 'ReceptionRecorded', { metadata: { eventId: 'x', occurredAt: 'y' }, data: { receptionId: 1 } }),
    ).toThrow();
  });
});

describe('network census', () => {
  it('never loses a site when it and its organisation are handled at the same time: one write fails, its retry counts it', async () => {
    for (const siteFirst of [true, false]) {
      const store = new MemoryStore();
      const o = org('O-RACE', true);
      const s = site('S-RACE', 'O-RACE');
      // Both read the store as it was (neither knows the other), then write in either order.
      const [orgOps, siteOps] = [await project(o, { reader: store, populations }), await project(s, { reader: store, populations })];
      const [first, second, late] = siteFirst ? [siteOps, orgOps, o] : [orgOps, siteOps, s];
      store.apply(first);
      expect(() => store.apply(second)).toThrow(/condition failed/);
      store.apply(await project(late, { reader: store, populations }));
      expect(await store.get(LIVE_CENSUS_KEY)).toMatchObject({ organisations: 1, sites: 1, sitesOnMap: 1 });
    }
  });

  it('counts unconditional sites of network members, and those on the public map', async () => {
    const store = new MemoryStore();
    await feed(
      store,
      site('S0', 'O1'),
      org('O1', true),
      site('S1', 'O1'),
      site('S2', 'O1', { onPublicMap: false }),
      site('S3', 'O1', { unconditional: false }),
    );
    await feed(store, org('O2', false), site('S4', 'O2'));
    let r = await report(store);
    expect(r.indicators.receptionPointsOnMap).toMatchObject({ value: 0.6667, numerator: 2, denominator: 3, target: 1, unit: 'ratio' });
    expect(r.indicators.networkOrganisations).toMatchObject({ value: 1, byKind: { ccas: 1 } });

    // O2 joins the network: its site counts; S2 goes on the map; an older version changes nothing.
    await feed(
      store,
      org('O2', true, 2, 'caf'),
      site('S2', 'O1', { version: 2, onPublicMap: true }),
      site('S1', 'O1', { version: 1, onPublicMap: false }),
    );
    r = await report(store);
    expect(r.indicators.receptionPointsOnMap).toMatchObject({ value: 1, numerator: 4, denominator: 4 });
    expect(r.indicators.networkOrganisations).toMatchObject({ value: 2, byKind: { ccas: 1, caf: 1 } });

    // O1 leaves: its three network sites leave with it.
    await feed(store, org('O1', false, 2));
    r = await report(store);
    expect(r.indicators.receptionPointsOnMap).toMatchObject({ numerator: 1, denominator: 1 });
    expect(r.indicators.networkOrganisations).toMatchObject({ value: 1, byKind: { caf: 1 } });
  });

  it('keeps each year’s census as it stood at the year’s end', async () => {
    const store = new MemoryStore();
    const at = (occurredAt: string, f: Fact) => ({ ...f, occurredAt });
    await feed(store, at('2024-03-01T00:00:00Z', org('O1', true)), at('2024-04-01T00:00:00Z', org('O2', true, 1, 'caf')));
    // Nothing changes in 2025; in 2026 O2 leaves and O3 joins.
    await feed(store, at('2026-02-01T00:00:00Z', org('O2', false, 2, 'caf')), at('2026-03-01T00:00:00Z', org('O3', true, 1, 'ccas')));
    expect((await census(store, 2024))?.organisations).toBe(2);
    expect((await census(store, 2025))?.organisations).toBe(2);
    expect(await census(store, 2026)).toMatchObject({ organisations: 2, 'kind:ccas': 2, 'kind:caf': 0 });
    expect(await census(store, 2023)).toBeUndefined();
  });

  it('keeps the latest coverage of the year', async () => {
    const store = new MemoryStore();
    const coverage = (computedAt: string, rate: number) =>
      fact('relais.directory', 'CoverageComputed', {
        computedAt,
        rate,
        populationTotal: 100,
        populationCovered: rate * 100,
        departement: '46',
        thresholdMinutes: 30,
        method: 'x',
        communes: 1,
        communesUncovered: 0,
      });
    await feed(store, coverage('2026-02-01T00:00:00Z', 0.9), coverage('2026-01-01T00:00:00Z', 0.5));
    expect((await report(store)).indicators.populationWithin30Minutes.value).toBe(0.9);
  });
});

describe('professionals trained', () => {
  it('an immersion with two participants adds two; the same person again adds none', async () => {
    const store = new MemoryStore();
    const event = (id: string, kind: string, keys: string[]) =>
      fact('relais.directory', 'NetworkEventRecorded', {
        networkEventId: id,
        kind,
        date: '2026-04-01',
        change: 'created',
        participantKeys: keys,
        organisationIds: [],
      });
    await feed(store, event('N1', 'immersion', ['a', 'b']));
    expect((await report(store)).indicators.professionalsTrained.value).toBe(2);
    await feed(store, event('N2', 'formation', ['b', 'c']), event('N3', 'conference', ['d']), event('N1', 'immersion', ['a', 'b']));
    const r = await report(store);
    expect(r.indicators.professionalsTrained.value).toBe(3);
    expect(r.indicators.professionalsTrained.tools).toEqual(
      expect.arrayContaining([
        { kind: 'immersion', label: 'Immersions croisées', events: 1, participations: 2 },
        { kind: 'conference', label: 'Conférences', events: 1, participations: 1 },
      ]),
    );
  });
});

describe('référent de parcours', () => {
  const opened = (id: string, person: string, org = 'O1', openedAt = '2026-02-01T00:00:00Z') =>
    fact('relais.parcours', 'ParcoursOpened', {
      parcoursId: id,
      personId: person,
      referentUserId: 'U',
      referentOrganisationId: org,
      openedAt,
    });
  const closed = (id: string, person: string, withAssessment: boolean, openedAt = '2026-02-01T00:00:00Z') =>
    fact('relais.parcours', 'ParcoursClosed', {
      parcoursId: id,
      personId: person,
      referentOrganisationId: 'O1',
      openedAt,
      closedAt: '2026-05-01T00:00:00Z',
      withAssessment,
      outcomes: { achieved: 0, partly: 0, notAchieved: 0 },
    });
  const member = (id: string, organisationId: string) =>
    fact('relais.parcours', 'ParcoursMemberAdded', {
      parcoursId: id,
      personId: id === 'PC' ? 'P2' : 'P1',
      memberId: 'M',
      organisationId,
      role: 'x',
      at: '2026-02-02T00:00:00Z',
    });

  it('counts persons, partners other than the référent’s, and closed parcours with an assessment', async () => {
    const store = new MemoryStore();
    await feed(store, opened('PA', 'P1'), opened('PB', 'P1'), opened('PC', 'P2'));
    await feed(store, member('PA', 'O1'), member('PA', 'O2'), member('PB', 'O2'), member('PC', 'O3'));
    let r = await report(store);
    expect(r.indicators.peopleAccompanied).toMatchObject({ value: 2, target: 20 });
    expect(r.indicators.referentPartners.value).toBe(2);
    expect(r.indicators.closedParcoursWithAssessment).toMatchObject({ value: null, denominator: 0 });
    await feed(store, closed('PA', 'P1', true));
    r = await report(store);
    expect(r.indicators.closedParcoursWithAssessment).toMatchObject({ value: 1, numerator: 1, denominator: 1, target: 1 });
    await feed(store, closed('PC', 'P2', false));
    expect((await report(store)).indicators.closedParcoursWithAssessment.value).toBe(0.5);
  });

  it('counts a person in every year their parcours was open or active', async () => {
    const store = new MemoryStore();
    await feed(store, closed('PA', 'P1', true, '2025-11-01T00:00:00Z'), opened('PB', 'P2', 'O1', '2025-12-01T00:00:00Z'));
    expect((await store.get(countsKey(2025)))?.persons).toBe(2);
    expect((await store.get(countsKey(2026)))?.persons).toBe(1);
    // PB, opened in 2025, holds a meeting in 2026: P2 is accompanied in 2026 too, once.
    const meeting = () =>
      fact('relais.parcours', 'MeetingHeld', {
        parcoursId: 'PB',
        meetingId: 'M',
        date: '2026-02-01',
        personPresent: true,
        participantCount: 2,
      });
    await feed(store, meeting(), meeting());
    expect((await store.get(countsKey(2026)))?.persons).toBe(2);
    expect((await store.get(countsKey(2026)))?.meetings).toBe(2);
  });

  it('weighs the territories where the approach is deployed by population', async () => {
    const store = new MemoryStore();
    const territory = (id: string, codes: string[], deployed: boolean, version = 1, deployedOn?: string) =>
      fact('relais.parcours', 'TerritoryChanged', {
        territoryId: id,
        name: `T ${id}`,
        communeCodes: codes,
        referentDeployed: deployed,
        version,
        ...(deployedOn ? { deployedOn } : {}),
      });
    await feed(store, territory('T1', ['46042'], true, 1, '2026-01-15'), territory('T2', ['46102', '46127'], false));
    expect((await report(store)).indicators.referentPopulationCoverage).toMatchObject({
      value: 0.5,
      populationCovered: 20000,
      target: 0.5,
    });
    await feed(store, territory('T2', ['46102', '46127'], true, 2, '2027-01-01'));
    expect((await report(store)).indicators.referentPopulationCoverage.value).toBe(0.5);
    await feed(store, territory('T2', ['46102', '46127'], true, 3, '2026-06-01'));
    expect((await report(store)).indicators.referentPopulationCoverage.value).toBe(0.875);
  });
});

describe('observatory', () => {
  it('counts receptions by theme, channel, territory and month, and the needs left without an answer', async () => {
    const store = new MemoryStore();
    await feed(
      store,
      fact('relais.parcours', 'TerritoryChanged', {
        territoryId: 'T1',
        name: 'Causse',
        communeCodes: ['46042'],
        referentDeployed: false,
        version: 1,
      }),
      reception('R1', ['logement', 'sante']),
      reception('R2', ['logement'], { channel: 'phone', communeCode: undefined, receivedAt: '2026-05-01T00:00:00Z' }),
      reception('R3', ['mobilite'], { receivedAt: '2025-05-01T00:00:00Z' }),
      fact('relais.intake', 'ReferralSent', {
        referralId: 'F1',
        receptionId: 'R1',
        themes: ['logement'],
        sentAt: '2026-03-04T10:00:00Z',
        fromOrganisationId: 'O1',
        toOrganisationId: 'O2',
        urgency: 'normal',
        expiresAt: 'x',
      }),
      // The referral of R4 comes before its reception.
      fact('relais.intake', 'ReferralSent', { referralId: 'F2', receptionId: 'R4', themes: ['emploi'], sentAt: '2026-03-05T10:00:00Z' }),
      reception('R4', ['emploi']),
      fact('relais.intake', 'ReferralSent', { referralId: 'F3', receptionId: 'R1', themes: ['sante'], sentAt: '2026-03-06T10:00:00Z' }),
      fact('relais.intake', 'ReferralStatusChanged', {
        referralId: 'F1',
        status: 'declined',
        reasonCode: 'capacite_insuffisante',
        themes: ['logement'],
        at: '2026-03-07T00:00:00Z',
      }),
      fact('relais.intake', 'ReferralStatusChanged', {
        referralId: 'F2',
        status: 'expired',
        themes: ['emploi'],
        at: '2026-03-20T00:00:00Z',
      }),
    );
    const { observatory: o } = await report(store);
    expect(o.receptions).toBe(3);
    expect(o.byTheme).toEqual(
      expect.arrayContaining([
        { key: 'logement', label: 'LOGEMENT', count: 2, previous: 0 },
        { key: 'mobilite', label: 'MOBILITE', count: 0, previous: 1 },
      ]),
    );
    expect(o.byChannel).toEqual(expect.arrayContaining([{ key: 'phone', label: 'Téléphone', count: 1, previous: 0 }]));
    expect(o.byTerritory).toEqual(
      expect.arrayContaining([
        { key: 'T1', label: 'Causse', count: 2, previous: 1 },
        { key: 'inconnue', label: 'Commune non renseignée', count: 1, previous: 0 },
      ]),
    );
    expect(o.byMonth.find((m) => m.key === '2026-03')?.count).toBe(2);
    expect(o.byMonth.find((m) => m.key === '2026-05')).toMatchObject({ count: 1, previous: 1 });
    expect(o.unmetNeeds.receptionsWithoutReferral).toBe(1);
    expect(o.unmetNeeds.byTheme).toEqual([
      { key: 'logement', label: 'LOGEMENT', count: 1, previous: 0 },
      { key: 'mobilite', label: 'MOBILITE', count: 0, previous: 1 },
    ]);
    expect(o.unmetNeeds.declinedByReason).toEqual([
      { key: 'capacite_insuffisante', label: 'Capacité insuffisante', count: 1, previous: 0 },
    ]);
    expect(o.unmetNeeds.expiredReferrals).toBe(1);
    expect(o.trends.receptions).toEqual({ value: 3, previous: 1, change: 2 });
  });
});

describe('corrections and cancellations (ADR 0028)', () => {
  const corrected = (id: string, version: number, before: [string, string[]], after: [string, string[]]) =>
    fact('relais.intake', 'ReceptionCorrected', {
      receptionId: id,
      organisationId: 'O1',
      version,
      before: { siteId: 'S1', channel: before[0], themes: before[1] },
      after: { siteId: 'S1', channel: after[0], themes: after[1] },
      at: '2026-03-05T10:00:00Z',
      byOrganisationId: 'O1',
    });
  const cancelled = (id: string, version: number) =>
    fact('relais.intake', 'ReceptionCancelled', {
      receptionId: id,
      organisationId: 'O1',
      version,
      at: '2026-03-06T10:00:00Z',
      byOrganisationId: 'O1',
    });
  const themeCount = (o: Awaited<ReturnType<typeof report>>['observatory'], key: string) =>
    o.byTheme.find((t) => t.key === key)?.count ?? 0;

  it('a correction moves the themes and the channel once, an older one never over a newer', async () => {
    const store = new MemoryStore();
    const fix = corrected('R1', 2, ['site', ['logement']], ['phone', ['emploi']]);
    await feed(store, reception('R1', ['logement']), fix);
    let { observatory: o } = await report(store);
    expect([o.receptions, themeCount(o, 'logement'), themeCount(o, 'emploi')]).toEqual([1, 0, 1]);
    expect(o.byChannel.find((c) => c.key === 'phone')?.count).toBe(1);
    expect(o.byChannel.find((c) => c.key === 'site')?.count ?? 0).toBe(0);
    // The same correction again, then an older one: nothing moves.
    await feed(store, { ...fix }, corrected('R1', 2, ['site', ['logement']], ['site', ['sante']]));
    ({ observatory: o } = await report(store));
    expect([o.receptions, themeCount(o, 'logement'), themeCount(o, 'emploi'), themeCount(o, 'sante')]).toEqual([1, 0, 1, 0]);
  });

  it('a correction of an oriented reception moves its unmet needs too; one arriving before the recording wins', async () => {
    const store = new MemoryStore();
    await feed(
      store,
      corrected('R2', 2, ['site', ['logement']], ['site', ['emploi']]),
      reception('R2', ['logement']),
      reception('R3', ['logement']),
      corrected('R3', 2, ['site', ['logement']], ['site', ['mobilite']]),
    );
    const { observatory: o } = await report(store);
    expect([o.receptions, themeCount(o, 'logement'), themeCount(o, 'emploi'), themeCount(o, 'mobilite')]).toEqual([2, 0, 1, 1]);
    expect(o.unmetNeeds.byTheme.map((t) => [t.key, t.count])).toEqual(
      expect.arrayContaining([
        ['emploi', 1],
        ['mobilite', 1],
      ]),
    );
  });

  it('a cancelled reception leaves every count once, whatever the order; a later referral does not bring it back', async () => {
    const store = new MemoryStore();
    await feed(
      store,
      reception('R1', ['logement']),
      reception('R2', ['sante']),
      cancelled('R1', 2),
      cancelled('R1', 2),
      // Cancelled before its recording arrives.
      cancelled('R5', 2),
      reception('R5', ['emploi']),
      fact('relais.intake', 'ReferralSent', { referralId: 'F1', receptionId: 'R1', themes: ['logement'], sentAt: '2026-03-07T10:00:00Z' }),
      corrected('R1', 3, ['site', ['logement']], ['site', ['emploi']]),
    );
    const { observatory: o } = await report(store);
    expect(o.receptions).toBe(1);
    expect([themeCount(o, 'logement'), themeCount(o, 'emploi'), themeCount(o, 'sante')]).toEqual([0, 0, 1]);
    expect(o.byChannel.find((c) => c.key === 'site')?.count).toBe(1);
    expect(o.byMonth.find((m) => m.key === '2026-03')?.count).toBe(1);
    expect(o.byTerritory.reduce((n, t) => n + t.count, 0)).toBe(1);
    expect(o.unmetNeeds.receptionsWithoutReferral).toBe(1);
  });
});

describe('concurrency', () => {
  it('a reception and its referral decided from the same reads cannot both be written: the second retries', async () => {
    const store = new MemoryStore();
    const recorded = reception('R9', ['logement']);
    const referred = fact('relais.intake', 'ReferralSent', {
      referralId: 'F9',
      receptionId: 'R9',
      themes: ['logement'],
      sentAt: '2026-03-04T10:00:00Z',
    });
    const [a, b] = [await project(recorded, { reader: store, populations }), await project(referred, { reader: store, populations })];
    store.apply(a);
    expect(() => store.apply(b)).toThrow(/condition failed/);
    // The retry reads the reception and marks it oriented.
    store.apply(await project(referred, { reader: store, populations }));
    expect((await report(store)).observatory.unmetNeeds.receptionsWithoutReferral).toBe(0);
    expect((await store.get(countsKey(2026)))?.referrals).toBe(1);
  });

  it('counts the outcome codes of closed referrals, and drops anything that is not a code', async () => {
    const store = new MemoryStore();
    const closed = (referralId: string, outcome: string) =>
      fact('relais.intake', 'ReferralStatusChanged', { referralId, status: 'closed', outcome, at: '2026-04-02T00:00:00Z' });
    await feed(
      store,
      closed('F1', 'service_delivered'),
      closed('F2', 'service_delivered'),
      closed('F3', 'person_absent'),
      closed('F4', 'Droits ouverts'),
    );
    const counts = await store.get(countsKey(2026));
    expect(counts).toMatchObject({ 'referrals:closed': 4, 'closedOutcome:service_delivered': 2, 'closedOutcome:person_absent': 1 });
    expect(Object.keys(counts ?? {}).join(' ')).not.toContain('Droits');
  });
});

describe('exports', () => {
  it('CSV and XLSX hold every indicator with its definition, target and value', async () => {
    const store = new MemoryStore();
    await feed(store, reception('R1', ['logement']));
    const r = await report(store);
    const csv = reportCsv(r).toString('utf8');
    expect(csv.startsWith('\ufeff')).toBe(true);
    for (const id of INDICATOR_IDS) expect(csv).toContain(`${id};`);
    expect(csv).toContain('Accueils par thème;logement;LOGEMENT;1;0');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportXlsx(r)) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Indicateurs');
    const ids = sheet?.getColumn(1).values.slice(2);
    expect(ids).toEqual([...INDICATOR_IDS]);
    expect(sheet?.getRow(2).getCell(3).value).toBe(r.indicators.receptionPointsOnMap.definition);
    expect(book.getWorksheet('Accueils par thème')?.getRow(2).values).toEqual([undefined, 'logement', 'LOGEMENT', 1, 0]);
    // Sheet names fit Excel's 31 characters without being cut.
    expect(book.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Structures du réseau par type', 'Outils (événements)', 'Sans orientation par thème', 'Refus par motif']),
    );
  });

  it('XLSX: widths, a bold header row, numbers as numbers and an empty cell where there is no target or value', async () => {
    const store = new MemoryStore();
    await feed(store, reception('R1', ['logement']));
    const r = await report(store);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportXlsx(r)) as unknown as ExcelJS.Buffer);
    const widths = (name: string) => book.getWorksheet(name)?.columns.map((c) => c.width);
    const header = (name: string) => {
      const row = book.getWorksheet(name)!.getRow(1);
      return Array.from({ length: row.cellCount }, (_, i) => [row.getCell(i + 1).value, row.getCell(i + 1).font?.bold ?? false]);
    };

    expect(widths('Indicateurs')).toEqual([34, 50, 90, 10, 10, 12]);
    expect(header('Indicateurs')).toEqual(['Indicateur', 'Libellé', 'Définition', 'Cible', 'Valeur', 'Unité'].map((h) => [h, true]));
    const indicators = book.getWorksheet('Indicateurs')!;
    expect(indicators.getRow(2).getCell(1).font?.bold ?? false).toBe(false);
    // Calibri 11, as the report has always been written (the other cells take the workbook's default font).
    expect(indicators.getRow(1).getCell(1).font).toMatchObject({ name: 'Calibri', size: 11, bold: true });
    const row = (id: string) => indicators.getRow(INDICATOR_IDS.indexOf(id as (typeof INDICATOR_IDS)[number]) + 2);
    // A target is a number; no target (professionals trained) is an empty cell, not « » nor 0.
    expect(r.indicators.receptionPointsOnMap.target).toBe(1);
    expect(row('receptionPointsOnMap').getCell(4).value).toBe(1);
    expect(r.indicators.professionalsTrained.target).toBeUndefined();
    expect(row('professionalsTrained').getCell(4).value).toBeNull();
    expect(row('professionalsTrained').getCell(4).type).toBe(ExcelJS.ValueType.Null);
    for (const id of INDICATOR_IDS) {
      const value = r.indicators[id].value;
      expect([id, row(id).getCell(5).value]).toEqual([id, value]);
      if (value !== null) expect([id, row(id).getCell(5).type]).toEqual([id, ExcelJS.ValueType.Number]);
    }

    expect(widths('Accueils par thème')).toEqual([30, 60, 14, 14]);
    expect(header('Accueils par thème')).toEqual(['Clé', 'Libellé', 'Nombre 2026', 'Nombre 2025'].map((h) => [h, true]));
    expect(book.getWorksheet('Accueils par thème')!.getRow(2).getCell(3).type).toBe(ExcelJS.ValueType.Number);

    expect(widths('RDV manqués (total)')).toEqual([30, 60, 12, 12, 16]);
    expect(header('RDV manqués (total)')).toEqual(
      ['Clé', 'Libellé', 'Honorés', 'Manqués', 'Taux de rendez-vous manqués'].map((h) => [h, true]),
    );
    // No appointment: the rate is an empty cell, still formatted as a percentage.
    const total = book.getWorksheet('RDV manqués (total)')!.getRow(2);
    expect(total.values).toEqual([undefined, 'total', 'Tous les rendez-vous', 0, 0]);
    expect(total.getCell(5).numFmt).toBe('0.0%');
  });

  it('XLSX sheet names: at most 31 characters, none of the characters Excel refuses', () => {
    expect(xlsxSheetName('Accueils par thème')).toBe('Accueils par thème');
    // Each refused character becomes a space; 33 characters are cut to 31.
    expect(xlsxSheetName('Refus : motifs / thèmes [a\\b] ? *')).toBe('Refus   motifs   thèmes  a b   ');
    expect(xlsxSheetName('Accueils sans orientation, par thème et par mois')).toBe('Accueils sans orientation, par ');
    expect(xlsxSheetName('Accueils sans orientation, par thème et par mois')).toHaveLength(31);
  });
});

describe('the no-show rate (ADR 0039)', () => {
  const outcome = (type: 'AppointmentHonoured' | 'AppointmentMissed', id: string, organisationId: string, themes?: string[]) =>
    fact('relais.appointments', type, {
      appointmentId: id,
      referralId: `R-${id}`,
      siteId: 'S',
      organisationId,
      bookedByOrganisationId: 'CCAS',
      start: '2026-03-10T09:30:00+01:00',
      end: '2026-03-10T10:00:00+01:00',
      channel: 'site',
      at: '2026-03-10T11:00:00.000Z',
      byOrganisationId: organisationId,
      ...(themes ? { themes } : {}),
    });

  it('is missed / (honoured + missed), per partner and per theme, in the appointment’s year', async () => {
    const store = new MemoryStore();
    await feed(
      store,
      outcome('AppointmentHonoured', 'A1', 'CAF', ['famille']),
      outcome('AppointmentMissed', 'A2', 'CAF', ['famille', 'logement']),
      outcome('AppointmentHonoured', 'A3', 'CAF', ['logement']),
      outcome('AppointmentMissed', 'A4', 'ML'),
    );
    const { noShows } = (await report(store)).observatory;
    expect(noShows).toMatchObject({ honoured: 2, missed: 2, rate: 0.5 });
    expect(noShows.byPartner).toEqual([
      { key: 'ML', label: 'ML', honoured: 0, missed: 1, rate: 1 },
      { key: 'CAF', label: 'CAF', honoured: 2, missed: 1, rate: 0.3333 },
    ]);
    expect(noShows.byTheme).toEqual([
      { key: 'famille', label: 'FAMILLE', honoured: 1, missed: 1, rate: 0.5 },
      { key: 'logement', label: 'LOGEMENT', honoured: 1, missed: 1, rate: 0.5 },
    ]);
    expect((await report(store, 2025)).observatory.noShows).toMatchObject({ honoured: 0, missed: 0, rate: null, byPartner: [] });
  });

  it('is in the CSV and XLSX exports with the same figures as the page', async () => {
    const store = new MemoryStore();
    await feed(
      store,
      outcome('AppointmentHonoured', 'A1', 'CAF', ['famille']),
      outcome('AppointmentMissed', 'A2', 'CAF', ['famille', 'logement']),
      outcome('AppointmentHonoured', 'A3', 'CAF', ['logement']),
      outcome('AppointmentMissed', 'A4', 'ML'),
    );
    const r = await report(store);
    const csv = reportCsv(r).toString('utf8');
    expect(csv).toContain('tableau;clé;libellé;honorés;manqués;taux de rendez-vous manqués');
    expect(csv).toContain(`Rendez-vous manqués, total;total;Tous les rendez-vous;2;2;${pct(0.5)}`);
    expect(pct(0.3333).replace(/\s/u, ' ')).toBe('33,3 %');
    expect(csv).toContain(`Rendez-vous manqués par structure;ML;ML;0;1;${pct(1)}`);
    expect(csv).toContain(`Rendez-vous manqués par structure;CAF;CAF;2;1;${pct(0.3333)}`);
    expect(csv).toContain(`Rendez-vous manqués par thème;famille;FAMILLE;1;1;${pct(0.5)}`);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportXlsx(r)) as unknown as ExcelJS.Buffer);
    const partners = book.getWorksheet('RDV manqués par structure');
    expect(partners?.getRow(2).values).toEqual([undefined, 'ML', 'ML', 0, 1, 1]);
    expect(partners?.getRow(3).values).toEqual([undefined, 'CAF', 'CAF', 2, 1, 0.3333]);
    expect(partners?.getRow(3).getCell(5).numFmt).toBe('0.0%');
    expect(book.getWorksheet('RDV manqués par thème')?.getRow(3).values).toEqual([undefined, 'logement', 'LOGEMENT', 1, 1, 0.5]);
    expect(book.getWorksheet('RDV manqués (total)')?.getRow(2).values).toEqual([undefined, 'total', 'Tous les rendez-vous', 2, 2, 0.5]);
  });
});
