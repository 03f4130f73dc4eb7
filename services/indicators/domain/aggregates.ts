/**
 * The aggregates: what each fact changes, as a list of writes computed from a few reads. Pure
 * apart from the reader, so the same code feeds DynamoDB (consumers), an in-memory store (the
 * rebuild and the unit tests), and nothing here depends on how many receptions there are.
 *
 * Items (see README.md for the table):
 * - `YEAR#<y>` / `COUNTS`: the year's flat counters (receptions by theme, channel, commune,
 *   month; referrals; professionals; parcours…), moved only by atomic ADD;
 * - `YEAR#<y>` / `COVERAGE`: the latest coverage computed that year;
 * - `CENSUS` / `LIVE`: the network now (organisations by kind, sites, sites on the map);
 *   `CENSUS` / `YEAR#<y>`: the census as it stood at the end of year y, copied by the first
 *   directory fact of a later year (`CENSUS` / `POINTER` says which year `LIVE` is in);
 * - projections (`ORG#…`, `TERRITORIES`, `PARCOURS#…`, `RECEPTION#…`, `NETEVENT#…`) holding
 *   ids and facts, never persons;
 * - `DISTINCT#<y>#<what>#<key>` markers: a distinct count moves only when its marker is new.
 */
import { randomUUID } from 'node:crypto';
import type { Fact, FactType } from './facts';

export type Key = { pk: string; sk: string };
export type Item = Record<string, unknown> & Key;

/** Bumped by every write that depends on an organisation's projection, and by the projection's own writes. */
const ORG_STAMP = 'stamp';

export type Op =
  /** Atomic ADD of numbers to attributes (created at 0 when absent). */
  | { op: 'add'; key: Key; counts: Record<string, number> }
  /**
   * Write a whole item. `ifAbsent`: only if it does not exist (markers); `ifBelow`: only if the
   * stored attribute is absent or lower (versions, dates).
   */
  | {
      op: 'put';
      key: Key;
      item: Record<string, unknown>;
      ifAbsent?: boolean;
      ifBelow?: { attr: string; value: string | number };
      /**
       * Only if the stored item still has this value (it was read so: optimistic concurrency);
       * `undefined`: only if the attribute (or the item) is absent.
       */
      ifEquals?: { attr: string; value: string | number | boolean | undefined };
    }
  /**
   * Add 1 to a stamp attribute, only if it still has the value read (`undefined`: absent). Two
   * writers that each read an item and then change what depends on it cannot both succeed.
   */
  | { op: 'stamp'; key: Key; attr: string; expect: number | undefined }
  | { op: 'delete'; key: Key }
  /** Add strings to a string-set attribute. */
  | { op: 'addToSet'; key: Key; attr: string; values: string[] };

export interface Reader {
  get(key: Key): Promise<Item | undefined>;
  /** Every item of a partition (small partitions only: an organisation, the territories). */
  query(pk: string): Promise<Item[]>;
}

/** Network events whose participants count as professionals trained (ADR 0013). */
export const TRAINING_KINDS: ReadonlySet<string> = new Set(['formation', 'immersion']);

export const yearOf = (iso: string): number => Number(iso.slice(0, 4));
export const countsKey = (year: number): Key => ({ pk: `YEAR#${year}`, sk: 'COUNTS' });
export const coverageKey = (year: number): Key => ({ pk: `YEAR#${year}`, sk: 'COVERAGE' });
export const LIVE_CENSUS_KEY: Key = { pk: 'CENSUS', sk: 'LIVE' };
export const censusSnapshotKey = (year: number): Key => ({ pk: 'CENSUS', sk: `YEAR#${year}` });
export const CENSUS_POINTER_KEY: Key = { pk: 'CENSUS', sk: 'POINTER' };
export const YEARS_KEY: Key = { pk: 'META', sk: 'YEARS' };
export const TERRITORIES_PK = 'TERRITORIES';
const orgKey = (id: string): Key => ({ pk: `ORG#${id}`, sk: 'PROJECTION' });
const siteKey = (orgId: string, siteId: string): Key => ({ pk: `ORG#${orgId}`, sk: `SITE#${siteId}` });
const parcoursKey = (id: string): Key => ({ pk: `PARCOURS#${id}`, sk: 'PROJECTION' });
const receptionKey = (id: string): Key => ({ pk: `RECEPTION#${id}`, sk: 'PROJECTION' });
const networkEventKey = (id: string): Key => ({ pk: `NETEVENT#${id}`, sk: 'PROJECTION' });
/** Where a person's hash appears (journal entries, parcours), so an erasure can find it. */
export const personIndexKey = (person: string): Key => ({ pk: `PERSON#${person}`, sk: 'INDEX' });
export const distinctKey = (year: number, what: string, key: string): Key => ({ pk: `DISTINCT#${year}#${what}#${key}`, sk: 'MARKER' });

/** The commune populations the territories are weighed with (reference data, not a table). */
export type Populations = (communeCode: string) => number;

export interface ProjectContext {
  reader: Reader;
  populations: Populations;
}

/** Writes that may commit before the rest of a fact's (see `Writes.stage`). */
const STAGE_SIZE = 40;

class Writes {
  private ops: Op[] = [];
  private readonly stages: Op[][] = [];
  private adds = new Map<string, { op: 'add'; key: Key; counts: Record<string, number> }>();
  private readonly years = new Set<number>();

  /** ADD to counters; several adds to one item merge into one write (one item per transaction). */
  add(key: Key, counts: Record<string, number>): this {
    const id = `${key.pk}|${key.sk}`;
    let add = this.adds.get(id);
    if (!add) {
      add = { op: 'add', key, counts: {} };
      this.adds.set(id, add);
      this.ops.push(add);
    }
    for (const [name, n] of Object.entries(counts)) add.counts[name] = (add.counts[name] ?? 0) + n;
    return this;
  }

  year(year: number): this {
    if (Number.isInteger(year) && year > 1900) this.years.add(year);
    return this;
  }

  push(op: Op): this {
    this.ops.push(op);
    return this;
  }

  get size(): number {
    return this.ops.length;
  }

  /**
   * Close the writes so far into a stage that may be committed on its own, before the rest: for
   * the facts that touch many items (a training with many participants, an organisation with
   * many sites, an erasure). Only where a stage is safe alone — its writes are consistent
   * together, and a retry of the fact, re-reading them, does not apply them twice.
   */
  stage(): this {
    const ops = Writes.clean(this.ops);
    if (ops.length) this.stages.push(ops);
    this.ops = [];
    this.adds = new Map();
    return this;
  }

  private static clean(ops: Op[]): Op[] {
    // Drop counters that cancel out (e.g. a site moving within the same kind).
    for (const op of ops) {
      if (op.op !== 'add') continue;
      for (const [name, n] of Object.entries(op.counts)) if (n === 0) delete op.counts[name];
    }
    return ops.filter((o) => o.op !== 'add' || Object.keys(o.counts).length > 0);
  }

  done(): Op[][] {
    const last = Writes.clean(this.ops);
    if (this.years.size) last.push({ op: 'addToSet', key: YEARS_KEY, attr: 'years', values: [...this.years].map(String) });
    return [...this.stages, last];
  }
}

/** Counters of a list of themes under a prefix: `{ 'theme:x': 1, 'theme:y': 1 }`. */
function each(prefix: string, values: readonly string[], n = 1): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of new Set(values)) counts[`${prefix}:${v}`] = n;
  return counts;
}

/** Add a distinct marker and its counter, when the marker is new. */
async function distinct(w: Writes, reader: Reader, year: number, what: string, key: string, counter: string): Promise<boolean> {
  const marker = distinctKey(year, what, key);
  if (await reader.get(marker)) return false;
  w.push({ op: 'put', key: marker, item: {}, ifAbsent: true });
  w.add(countsKey(year), { [counter]: 1 });
  return true;
}

/**
 * Before the first change of the census in a new year, keep the census as it stood at the end
 * of the year `LIVE` was in: the end-of-year figures of that year (and of any quiet year after).
 */
async function rollCensus(w: Writes, reader: Reader, year: number): Promise<void> {
  const pointer = await reader.get(CENSUS_POINTER_KEY);
  const liveYear = pointer?.year as number | undefined;
  if (liveYear !== undefined && liveYear >= year) return;
  if (liveYear !== undefined) {
    const { pk: _pk, sk: _sk, ...counts } = (await reader.get(LIVE_CENSUS_KEY)) ?? ({} as Item);
    w.push({ op: 'put', key: censusSnapshotKey(liveYear), item: counts, ifAbsent: true });
  }
  w.push({ op: 'put', key: CENSUS_POINTER_KEY, item: { year }, ifBelow: { attr: 'year', value: year } });
}

/** A person counts as accompanied in a year when their parcours shows activity that year. */
async function accompanied(w: Writes, reader: Reader, year: number, person: string | undefined): Promise<void> {
  if (!person) return;
  w.year(year);
  await distinct(w, reader, year, 'person', person, 'persons');
}

interface SiteContribution {
  network: boolean;
  onMap: boolean;
}

function siteContribution(member: boolean, site: { unconditional: boolean; onPublicMap: boolean }): SiteContribution {
  const network = member && site.unconditional;
  return { network, onMap: network && site.onPublicMap };
}

function contributionDelta(before: SiteContribution | undefined, after: SiteContribution): Record<string, number> {
  return {
    sites: Number(after.network) - Number(before?.network ?? false),
    sitesOnMap: Number(after.onMap) - Number(before?.onMap ?? false),
  };
}

/** What a reception counts for, as its projection keeps it (older projections lack channel, commune, month). */
interface ReceptionCounted {
  year: number;
  themes: string[];
  channel?: string;
  commune?: string;
  month?: string;
  oriented: boolean;
}

function countedOf(stored: Item, channel?: string): ReceptionCounted {
  return {
    year: stored.year as number,
    themes: (stored.themes as string[] | undefined) ?? [],
    channel: (stored.channel as string | undefined) ?? channel,
    commune: stored.commune as string | undefined,
    month: stored.month as string | undefined,
    oriented: Boolean(stored.oriented),
  };
}

/** The counters a reception adds (n = 1) or takes back (n = -1). */
function receptionCounts(r: ReceptionCounted, n: 1 | -1): Record<string, number> {
  return {
    receptions: n,
    ...each('theme', r.themes, n),
    ...(r.channel ? { [`channel:${r.channel}`]: n } : {}),
    ...(r.commune ? { [`commune:${r.commune}`]: n } : {}),
    ...(r.month ? { [`month:${r.month}`]: n } : {}),
    ...(r.oriented ? { oriented: n, ...each('orientedTheme', r.themes, n) } : {}),
  };
}

type Projector<T extends FactType> = (fact: Fact<T>, ctx: ProjectContext, w: Writes) => Promise<void>;

const projectors: { [T in FactType]: Projector<T> } = {
  async OrganisationChanged({ data, occurredAt }, { reader }, w) {
    const stored = await reader.get(orgKey(data.organisationId));
    if (stored && (stored.version as number) >= data.version) return;
    await rollCensus(w, reader, yearOf(occurredAt));
    // Membership decides whether the organisation's sites are network reception points.
    if (Boolean(stored?.networkMember) !== data.networkMember) {
      for (const site of await reader.query(`ORG#${data.organisationId}`)) {
        if (!site.sk.startsWith('SITE#')) continue;
        const before = { network: Boolean(site.network), onMap: Boolean(site.onMap) };
        const next = siteContribution(data.networkMember, {
          unconditional: Boolean(site.unconditional),
          onPublicMap: Boolean(site.onPublicMap),
        });
        w.add(LIVE_CENSUS_KEY, contributionDelta(before, next));
        const { pk, sk, ...rest } = site;
        w.push({ op: 'put', key: { pk, sk }, item: { ...rest, ...next }, ifEquals: { attr: 'version', value: site.version as number } });
        // A site's rewrite and its delta are consistent alone; a retry finds it already counted.
        if (w.size >= STAGE_SIZE) w.stage();
      }
    }
    // The organisation itself last, with the journal: a retry re-evaluates from the same state.
    const before = stored?.counted as string | undefined;
    const after = data.networkMember ? data.type : undefined;
    if (before !== after) {
      if (before) w.add(LIVE_CENSUS_KEY, { organisations: -1, [`kind:${before}`]: -1 });
      if (after) w.add(LIVE_CENSUS_KEY, { organisations: 1, [`kind:${after}`]: 1 });
    }
    // Conditional on the stamp read: a site written since (after the sites were listed) makes this
    // fail, and the retry lists it too.
    const stamp = stored?.[ORG_STAMP] as number | undefined;
    w.push({
      op: 'put',
      key: orgKey(data.organisationId),
      item: {
        version: data.version,
        kind: data.type,
        networkMember: data.networkMember,
        ...(after ? { counted: after } : {}),
        [ORG_STAMP]: (stamp ?? 0) + 1,
      },
      ifEquals: { attr: ORG_STAMP, value: stamp },
    });
  },

  async SiteChanged({ data, occurredAt }, { reader }, w) {
    const key = siteKey(data.organisationId, data.siteId);
    const stored = await reader.get(key);
    if (stored && (stored.version as number) >= data.version) return;
    await rollCensus(w, reader, yearOf(occurredAt));
    const org = await reader.get(orgKey(data.organisationId));
    // The site's network flag depends on its organisation as read: if the organisation changes
    // meanwhile (its membership re-evaluates its sites), one of the two writes fails and is retried.
    w.push({ op: 'stamp', key: orgKey(data.organisationId), attr: ORG_STAMP, expect: org?.[ORG_STAMP] as number | undefined });
    const facts = { unconditional: data.unconditionalReception, onPublicMap: data.onPublicMap ?? true };
    const next = siteContribution(Boolean(org?.networkMember), facts);
    const before = stored ? { network: Boolean(stored.network), onMap: Boolean(stored.onMap) } : undefined;
    w.add(LIVE_CENSUS_KEY, contributionDelta(before, next));
    w.push({ op: 'put', key, item: { version: data.version, ...facts, ...next }, ifBelow: { attr: 'version', value: data.version } });
  },

  async CoverageComputed({ data }, { reader }, w) {
    const year = yearOf(data.computedAt);
    const stored = await reader.get(coverageKey(year));
    if (stored && (stored.computedAt as string) >= data.computedAt) return;
    w.year(year).push({
      op: 'put',
      key: coverageKey(year),
      item: {
        computedAt: data.computedAt,
        rate: data.rate,
        populationTotal: data.populationTotal,
        populationCovered: data.populationCovered,
      },
      ifBelow: { attr: 'computedAt', value: data.computedAt },
    });
  },

  async NetworkEventRecorded({ data }, { reader }, w) {
    const year = yearOf(data.date);
    const key = networkEventKey(data.networkEventId);
    const stored = await reader.get(key);
    const known = new Set((stored?.participantKeys as string[] | undefined) ?? []);
    const fresh = [...new Set(data.participantKeys)].filter((k) => !known.has(k));
    w.year(year);
    if (TRAINING_KINDS.has(data.kind)) {
      for (const participant of fresh) {
        await distinct(w, reader, year, 'professional', participant, 'professionals');
        // Markers and their count are consistent alone; a retry finds the markers.
        if (w.size >= STAGE_SIZE) w.stage();
      }
    }
    // With the projection, in the last stage: a retry counts them once.
    if (!stored) w.add(countsKey(year), { [`tools:${data.kind}`]: 1 });
    if (fresh.length) w.add(countsKey(year), { [`participations:${data.kind}`]: fresh.length });
    if (!stored || fresh.length) {
      w.push({ op: 'put', key, item: { year, kind: data.kind, participantKeys: [...known, ...fresh] } });
    }
  },

  async ReceptionRecorded({ data }, { reader }, w) {
    const year = yearOf(data.receivedAt);
    const stored = await reader.get(receptionKey(data.receptionId));
    if (stored?.year !== undefined) return; // already counted
    const oriented = Boolean(stored?.oriented);
    // A correction or a cancellation may have arrived first (events out of order): it wins.
    const pending = stored?.version !== undefined;
    const themes = [...new Set(pending ? ((stored?.themes as string[] | undefined) ?? data.themes) : data.themes)];
    const channel = pending ? ((stored?.channel as string | undefined) ?? data.channel) : data.channel;
    const cancelled = Boolean(stored?.cancelled);
    const counted: ReceptionCounted = {
      year,
      themes,
      channel,
      commune: data.communeCode ?? 'inconnue',
      month: data.receivedAt.slice(5, 7),
      oriented,
    };
    if (!cancelled) w.year(year).add(countsKey(year), receptionCounts(counted, 1));
    // Conditional on what was read: a referral applied meanwhile makes this fail and retry.
    w.push({
      op: 'put',
      key: receptionKey(data.receptionId),
      item: {
        ...counted,
        ...(stored?.version !== undefined ? { version: stored.version } : {}),
        ...(cancelled ? { cancelled: true } : {}),
      },
      ...(stored ? { ifEquals: { attr: 'oriented', value: stored.oriented as boolean | undefined } } : { ifAbsent: true }),
    });
  },

  /**
   * A reception's channel or themes were corrected: what it counted for moves once — the old
   * codes out, the new in (oriented themes too) — and never an older correction over a newer
   * (`version`). Before its recording arrives, the correction waits in the projection.
   */
  async ReceptionCorrected({ data }, { reader }, w) {
    const key = receptionKey(data.receptionId);
    const stored = await reader.get(key);
    const seen = stored?.version as number | undefined;
    if (seen !== undefined && seen >= data.version) return;
    if (stored?.cancelled) return;
    const { pk: _pk, sk: _sk, ...rest } = stored ?? ({} as Item);
    const next = { ...rest, version: data.version, themes: [...new Set(data.after.themes)], channel: data.after.channel };
    const condition = { ifEquals: { attr: 'version', value: seen } } as const;
    if (stored?.year === undefined) {
      w.push({ op: 'put', key, item: next, ...(stored ? condition : { ifAbsent: true }) });
      return;
    }
    const before = countedOf(stored, data.before.channel);
    const after: ReceptionCounted = { ...before, themes: next.themes, channel: next.channel };
    const counts = receptionCounts(before, -1);
    for (const [name, n] of Object.entries(receptionCounts(after, 1))) counts[name] = (counts[name] ?? 0) + n;
    w.year(before.year).add(countsKey(before.year), counts);
    w.push({ op: 'put', key, item: next, ...condition });
  },

  /** A cancelled reception leaves every count it was in (once); the referrals it led to stay referrals. */
  async ReceptionCancelled({ data }, { reader }, w) {
    const key = receptionKey(data.receptionId);
    const stored = await reader.get(key);
    if (stored?.cancelled) return;
    const seen = stored?.version as number | undefined;
    const { pk: _pk, sk: _sk, ...rest } = stored ?? ({} as Item);
    const item = { ...rest, version: Math.max(seen ?? 0, data.version), cancelled: true };
    const condition = { ifEquals: { attr: 'version', value: seen } } as const;
    if (stored?.year === undefined) {
      w.push({ op: 'put', key, item, ...(stored ? condition : { ifAbsent: true }) });
      return;
    }
    const counted = countedOf(stored);
    w.year(counted.year).add(countsKey(counted.year), receptionCounts(counted, -1));
    w.push({ op: 'put', key, item, ...condition });
  },

  async ReferralSent({ data }, { reader }, w) {
    const year = yearOf(data.sentAt);
    w.year(year).add(countsKey(year), { referrals: 1, ...each('referralTheme', data.themes) });
    if (!data.receptionId) return;
    const key = receptionKey(data.receptionId);
    const stored = await reader.get(key);
    if (stored?.oriented) return;
    if (stored && typeof stored.year === 'number') {
      const { pk: _pk, sk: _sk, ...rest } = stored;
      const themes = (stored.themes as string[] | undefined) ?? [];
      // A cancelled reception counts nowhere, oriented or not.
      if (!stored.cancelled) w.add(countsKey(stored.year), { oriented: 1, ...each('orientedTheme', themes) });
      w.push({ op: 'put', key, item: { ...rest, oriented: true }, ifEquals: { attr: 'oriented', value: false } });
    } else if (stored) {
      // A correction arrived before the recording: keep it, the reception will count itself as oriented.
      const { pk: _pk, sk: _sk, ...rest } = stored;
      w.push({ op: 'put', key, item: { ...rest, oriented: true }, ifEquals: { attr: 'oriented', value: undefined } });
    } else {
      // The referral arrived first: the reception will count itself as oriented.
      w.push({ op: 'put', key, item: { oriented: true }, ifAbsent: true });
    }
  },

  async ReferralStatusChanged({ data }, _ctx, w) {
    const year = yearOf(data.at);
    const themes = data.themes ?? [];
    w.year(year);
    switch (data.status) {
      case 'declined':
        w.add(countsKey(year), { declined: 1, [`declinedReason:${data.reasonCode ?? 'autre'}`]: 1, ...each('declinedTheme', themes) });
        break;
      case 'expired':
        w.add(countsKey(year), { expired: 1, ...each('expiredTheme', themes) });
        break;
      case 'closed':
        // The outcome's code (ADR 0026): what became of the referrals the network closed.
        w.add(countsKey(year), { 'referrals:closed': 1, ...(data.outcome ? { [`closedOutcome:${data.outcome}`]: 1 } : {}) });
        break;
      default:
        w.add(countsKey(year), { [`referrals:${data.status}`]: 1 });
    }
  },

  /**
   * The no-show rate (ADR 0039): honoured and missed appointments, in the year of the
   * appointment, per receiving organisation and per theme of the referral. An appointment is
   * marked once (appointments refuses a second outcome) and a fact is consumed once per event id.
   */
  async AppointmentHonoured({ data }, _ctx, w) {
    const year = yearOf(data.start);
    w.year(year).add(countsKey(year), {
      appointmentsHonoured: 1,
      [`appointmentHonouredPartner:${data.organisationId}`]: 1,
      ...each('appointmentHonouredTheme', data.themes ?? []),
    });
  },

  async AppointmentMissed({ data }, _ctx, w) {
    const year = yearOf(data.start);
    w.year(year).add(countsKey(year), {
      appointmentsMissed: 1,
      [`appointmentMissedPartner:${data.organisationId}`]: 1,
      ...each('appointmentMissedTheme', data.themes ?? []),
    });
  },

  async TerritoryChanged({ data }, { reader, populations }, w) {
    const key = { pk: TERRITORIES_PK, sk: data.territoryId };
    const stored = await reader.get(key);
    if (stored && (stored.version as number) >= data.version) return;
    const population = data.communeCodes.reduce((sum, code) => sum + populations(code), 0);
    w.push({
      op: 'put',
      key,
      item: {
        version: data.version,
        name: data.name,
        communeCodes: data.communeCodes,
        referentDeployed: data.referentDeployed,
        ...(data.deployedOn ? { deployedOn: data.deployedOn } : {}),
        population,
      },
      ifBelow: { attr: 'version', value: data.version },
    });
  },

  async ParcoursOpened({ data }, { reader }, w) {
    const year = yearOf(data.openedAt);
    const stored = await reader.get(parcoursKey(data.parcoursId));
    w.year(year).add(countsKey(year), { parcoursOpened: 1 });
    await accompanied(w, reader, year, data.person);
    if (stored?.closed) return; // closed already (events out of order)
    w.push({
      op: 'put',
      key: parcoursKey(data.parcoursId),
      item: {
        referentOrganisationId: (stored?.referentOrganisationId as string | undefined) ?? data.referentOrganisationId,
        person: data.person,
        openedAt: data.openedAt,
      },
    });
  },

  async ParcoursReferentChanged({ data }, { reader }, w) {
    const stored = await reader.get(parcoursKey(data.parcoursId));
    const { pk: _pk, sk: _sk, ...rest } = stored ?? ({} as Item);
    await accompanied(w, reader, yearOf(data.at), data.person ?? (rest.person as string | undefined));
    w.push({ op: 'put', key: parcoursKey(data.parcoursId), item: { ...rest, referentOrganisationId: data.referentOrganisationId } });
  },

  async ParcoursMemberAdded({ data }, { reader }, w) {
    const year = yearOf(data.at);
    const parcours = await reader.get(parcoursKey(data.parcoursId));
    w.year(year).add(countsKey(year), { members: 1 });
    await accompanied(w, reader, year, data.person ?? (parcours?.person as string | undefined));
    if (parcours?.referentOrganisationId === data.organisationId) return;
    await distinct(w, reader, year, 'partner', data.organisationId, 'partners');
  },

  async MeetingHeld({ data }, { reader }, w) {
    const year = yearOf(data.date);
    w.year(year).add(countsKey(year), { meetings: 1 });
    const parcours = await reader.get(parcoursKey(data.parcoursId));
    if (!parcours?.closed) await accompanied(w, reader, year, parcours?.person as string | undefined);
  },

  async ParcoursClosed({ data }, { reader }, w) {
    const year = yearOf(data.closedAt);
    w.year(year).add(countsKey(year), { parcoursClosed: 1, ...(data.withAssessment ? { parcoursClosedWithAssessment: 1 } : {}) });
    // Accompanied in every year the parcours was open.
    for (let y = Math.min(yearOf(data.openedAt), year); y <= year; y++) await accompanied(w, reader, y, data.person);
    w.push({ op: 'put', key: parcoursKey(data.parcoursId), item: { referentOrganisationId: data.referentOrganisationId, closed: true } });
  },

  /**
   * A person's data was erased (intake's retention): every place the indicators hold their hash
   * gets a random token instead — journal entries, parcours, distinct markers — so the counts,
   * and a rebuild's, stay the same while nothing links them to the person any more.
   */
  async PersonErased({ data }, { reader }, w) {
    const index = await reader.get(personIndexKey(data.person));
    const token = `efface:${randomUUID()}`;
    const swap = (value: unknown) => (value === data.person ? token : value);
    const parcoursIds = new Set<string>();
    for (const id of (index?.journal as Set<string> | undefined) ?? []) {
      const [pk = '', sk = ''] = id.split('|');
      const entry = await reader.get({ pk, sk });
      if (!entry) continue;
      const { pk: _pk, sk: _sk, ...rest } = entry;
      const factData = JSON.parse(String(rest.data)) as Record<string, unknown>;
      if (typeof factData.parcoursId === 'string') parcoursIds.add(factData.parcoursId);
      w.push({ op: 'put', key: { pk, sk }, item: { ...rest, data: JSON.stringify({ ...factData, person: swap(factData.person) }) } });
      if (w.size >= STAGE_SIZE) w.stage();
    }
    for (const parcoursId of parcoursIds) {
      const parcours = await reader.get(parcoursKey(parcoursId));
      if (!parcours) continue;
      const { pk: _pk, sk: _sk, ...rest } = parcours;
      w.push({ op: 'put', key: parcoursKey(parcoursId), item: { ...rest, person: swap(rest.person) } });
      if (w.size >= STAGE_SIZE) w.stage();
    }
    const years = (await reader.get(YEARS_KEY))?.years as Set<string> | undefined;
    for (const year of years ?? []) {
      const marker = distinctKey(Number(year), 'person', data.person);
      if (!(await reader.get(marker))) continue;
      w.push({ op: 'delete', key: marker });
      w.push({ op: 'put', key: distinctKey(Number(year), 'person', token), item: {} });
    }
    if (index) w.push({ op: 'delete', key: personIndexKey(data.person) });
  },

  async SurveySent({ data }, { reader }, w) {
    const year = yearOf(data.sentAt);
    w.year(year).add(countsKey(year), { surveysSent: 1 });
    const org = await reader.get(orgKey(data.organisationId));
    if (org?.networkMember) await distinct(w, reader, year, 'surveyOrganisation', data.organisationId, 'surveyOrganisations');
  },

  async SurveyAnswered({ data }, _ctx, w) {
    const year = yearOf(data.answeredAt);
    w.year(year).add(countsKey(year), { surveysAnswered: 1, scoreSum: data.score });
  },
};

/** The writes a fact makes, given the aggregates as they are now. */
/**
 * The writes a fact makes, given the aggregates as they are now, in stages: every stage but the
 * last may be committed before (each in its own transaction); the last goes with the journal.
 */
export async function projectInStages(fact: Fact, ctx: ProjectContext): Promise<Op[][]> {
  const w = new Writes();
  await (projectors[fact.type] as Projector<FactType>)(fact, ctx, w);
  return w.done();
}

/** The same writes as one list (the in-memory store applies them at once). */
export async function project(fact: Fact, ctx: ProjectContext): Promise<Op[]> {
  return (await projectInStages(fact, ctx)).flat();
}
