import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { THEMATIQUES } from '../../../shared/reference/data-inclusion';
import {
  CENSUS_POINTER_KEY,
  countsKey,
  coverageKey,
  type Item,
  type Key,
  LIVE_CENSUS_KEY,
  type Op,
  type Populations,
  personIndexKey,
  projectInStages,
  type Reader,
  TERRITORIES_PK,
  YEARS_KEY,
} from '../domain/aggregates';
import type { Fact } from '../domain/facts';
import { buildReport, type Report } from '../domain/report';
import { indicatorsErrors } from '../errors';

/** The journal of facts: the input the rebuild recomputes every aggregate from (ADR 0013). */
export const journalKey = (fact: Pick<Fact, 'eventId' | 'occurredAt'>): Key => ({
  pk: `JOURNAL#${fact.occurredAt.slice(0, 7)}`,
  sk: fact.eventId,
});
export const JOURNAL_MONTHS_KEY: Key = { pk: 'META', sk: 'JOURNAL' };

export interface IndicatorsDeps {
  reader: Reader & { batchGet(keys: Key[]): Promise<Map<string, Item>>; latestCensus(year: number): Promise<Item | undefined> };
  table: () => string;
  toTransactItem(table: string, op: Op): Parameters<UnitOfWork['add']>[0];
  /** Commit writes in one transaction of their own (the early stages of a large fact). */
  commit(items: Array<Parameters<UnitOfWork['add']>[0]>): Promise<void>;
  populations: Populations;
  departementPopulation(): number;
  communeName(code: string): string;
  now(): Date;
}

/**
 * Apply one fact: skip it if the journal holds it already (a replay changes nothing), else its
 * writes, its journal entry and the journal's month list go into the consumer's transaction
 * (with the consumer's own processed-event marker).
 */
export function makeConsumeFact(deps: IndicatorsDeps) {
  return async (fact: Fact, uow: UnitOfWork): Promise<boolean> => {
    const table = deps.table();
    const key = journalKey(fact);
    if (await deps.reader.get(key)) return false;
    const stages = await projectInStages(fact, { reader: deps.reader, populations: deps.populations });
    // A fact touching many items commits its early stages first, each in its own transaction.
    for (const early of stages.slice(0, -1)) await deps.commit(early.map((op) => deps.toTransactItem(table, op)));
    for (const op of stages.at(-1) ?? []) uow.add(deps.toTransactItem(table, op));
    // An erasure is not journaled: it would keep the hash it erases (and it is idempotent).
    if (fact.type === 'PersonErased') return true;
    uow.add(
      deps.toTransactItem(table, {
        op: 'put',
        key,
        item: { type: fact.type, occurredAt: fact.occurredAt, journaledAt: deps.now().toISOString(), data: JSON.stringify(fact.data) },
        ifAbsent: true,
      }),
    );
    uow.add(deps.toTransactItem(table, { op: 'addToSet', key: JOURNAL_MONTHS_KEY, attr: 'months', values: [fact.occurredAt.slice(0, 7)] }));
    // Where this person's hash now appears, for an erasure to find it.
    const { person } = fact.data as { person?: string };
    if (person)
      uow.add(
        deps.toTransactItem(table, { op: 'addToSet', key: personIndexKey(person), attr: 'journal', values: [`${key.pk}|${key.sk}`] }),
      );
    return true;
  };
}

const THEME_LABELS = new Map<string, string>(THEMATIQUES.map(([value, label]) => [value, label]));
export function themeLabel(theme: string): string {
  const label = THEME_LABELS.get(theme);
  if (label) return label;
  // A category (`logement-hebergement`): readable from its id.
  const text = theme.replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The report of a year. Always the same reads, whatever the number of receptions: one batch of
 * six items and the territories' partition (and, for a past year whose census changed since, the
 * census kept at that year's end).
 */
export function makeGetReport(deps: IndicatorsDeps) {
  return async (requestedYear: number | undefined): Promise<Report & { availableYears: number[] }> => {
    const now = deps.now();
    const currentYear = now.getUTCFullYear();
    const year = requestedYear ?? currentYear;
    const keys = [YEARS_KEY, countsKey(year), countsKey(year - 1), coverageKey(year), LIVE_CENSUS_KEY, CENSUS_POINTER_KEY];
    const [items, territories] = await Promise.all([deps.reader.batchGet(keys), deps.reader.query(TERRITORIES_PK)]);
    const at = (key: Key) => items.get(`${key.pk}|${key.sk}`);
    const years = (at(YEARS_KEY)?.years as Set<string> | undefined) ?? new Set<string>();
    if (year !== currentYear && !years.has(String(year))) {
      const known = [...years].sort().join(', ');
      throw indicatorsErrors.error('year.no-data', {
        errors: [{ path: 'query.year', message: `Aucune donnée pour ${year}${known ? ` (années disponibles : ${known})` : ''}` }],
      });
    }
    // The census of a past year: the live one if it has not changed since, else the copy kept at
    // the end of the latest year up to it (one more Query, for past years only).
    const liveYear = at(CENSUS_POINTER_KEY)?.year as number | undefined;
    const census = liveYear === undefined || liveYear <= year ? at(LIVE_CENSUS_KEY) : await deps.reader.latestCensus(year);
    const availableYears = [...new Set([...years].map(Number).concat(currentYear))].sort((a, b) => b - a);
    const report = buildReport({
      year,
      now,
      counts: at(countsKey(year)),
      previousCounts: at(countsKey(year - 1)),
      coverage: at(coverageKey(year)),
      census,
      territories,
      departementPopulation: deps.departementPopulation(),
      communePopulation: deps.populations,
      themeLabel,
      communeName: deps.communeName,
    });
    return { ...report, availableYears };
  };
}
