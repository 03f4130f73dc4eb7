/**
 * The yearly report built from a fixed handful of aggregate items: the nine indicators with
 * their targets and definitions, and the observatory of social needs with last year beside.
 */
import type { Item } from './aggregates';
import {
  CHANNEL_LABELS,
  DECLINE_REASON_LABELS,
  DEFINITIONS,
  INDICATOR_IDS,
  type IndicatorId,
  MONTH_LABELS,
  TOOL_LABELS,
} from './definitions';

export interface Indicator {
  label: string;
  value: number | null;
  target?: number;
  unit: string;
  definition: string;
  note?: string;
  [extra: string]: unknown;
}

export interface Row {
  key: string;
  label: string;
  count: number;
  previous: number;
}

export interface Trend {
  value: number;
  previous: number;
  /** Relative change against last year; null when last year is 0. */
  change: number | null;
}

export interface Report {
  year: number;
  generatedAt: string;
  indicators: Record<IndicatorId, Indicator>;
  observatory: {
    receptions: number;
    byTheme: Row[];
    byChannel: Row[];
    byTerritory: Row[];
    byCommune: Row[];
    byMonth: Row[];
    unmetNeeds: {
      receptionsWithoutReferral: number;
      byTheme: Row[];
      declinedReferrals: number;
      declinedByReason: Row[];
      expiredReferrals: number;
      expiredByTheme: Row[];
    };
    trends: Record<'receptions' | 'referrals' | 'receptionsWithoutReferral' | 'declinedReferrals' | 'expiredReferrals', Trend>;
    noShows: NoShows;
  };
}

/** One partner's or theme's appointments of the year: honoured, missed, and the no-show rate. */
export interface NoShowRow {
  key: string;
  label: string;
  honoured: number;
  missed: number;
  /** missed / (honoured + missed); null when neither. */
  rate: number | null;
}

export interface NoShows {
  honoured: number;
  missed: number;
  rate: number | null;
  /** Per receiving organisation (`key` its directory id; `label` its name when known, else the id). */
  byPartner: NoShowRow[];
  byTheme: NoShowRow[];
}

/** The no-show rows of a dimension, highest rate first, then the most appointments. */
function noShowRows(honoured: Map<string, number>, missed: Map<string, number>, label: (key: string) => string): NoShowRow[] {
  const keys = new Set([...honoured.keys(), ...missed.keys()]);
  return [...keys]
    .map((key) => {
      const h = honoured.get(key) ?? 0;
      const m = missed.get(key) ?? 0;
      return { key, label: label(key), honoured: h, missed: m, rate: ratio(m, h + m) };
    })
    .sort(
      (a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.honoured + b.missed - (a.honoured + a.missed) || a.label.localeCompare(b.label, 'fr'),
    );
}

export interface ReportInput {
  year: number;
  now: Date;
  counts?: Item;
  previousCounts?: Item;
  coverage?: Item;
  /** The network census of that year (live for the current year, the snapshot otherwise). */
  census?: Item;
  territories: Item[];
  departementPopulation: number;
  /** A commune's population (INSEE), to count a commune once when territories overlap. */
  communePopulation(code: string): number;
  themeLabel(theme: string): string;
  communeName(code: string): string;
  /** An organisation's name, when the caller knows it (else its id is shown). */
  organisationName?(id: string): string | undefined;
}

const num = (item: Item | undefined, name: string): number => Number(item?.[name] ?? 0);

/** Counters `prefix:key` of an item, as a map. */
function byPrefix(item: Item | undefined, prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!item) return out;
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(`${prefix}:`) && typeof value === 'number' && value !== 0) out.set(name.slice(prefix.length + 1), value);
  }
  return out;
}

function rows(current: Map<string, number>, previous: Map<string, number>, label: (key: string) => string): Row[] {
  const keys = new Set([...current.keys(), ...previous.keys()]);
  return [...keys]
    .map((key) => ({ key, label: label(key), count: current.get(key) ?? 0, previous: previous.get(key) ?? 0 }))
    .sort((a, b) => b.count - a.count || b.previous - a.previous || a.label.localeCompare(b.label, 'fr'));
}

function subtract(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of a) if (n - (b.get(key) ?? 0) > 0) out.set(key, n - (b.get(key) ?? 0));
  return out;
}

function trend(value: number, previous: number): Trend {
  return { value, previous, change: previous === 0 ? null : Math.round(((value - previous) / previous) * 1000) / 1000 };
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? Math.min(1, Math.round((numerator / denominator) * 10000) / 10000) : null;

export function buildReport(input: ReportInput): Report {
  const { year, counts, previousCounts, coverage, census, territories } = input;
  const indicator = (id: IndicatorId, value: number | null, extra: Record<string, unknown> = {}): Indicator => {
    const def = DEFINITIONS[id];
    const target = def.target(year);
    return { label: def.label, value, ...(target !== undefined ? { target } : {}), unit: def.unit, definition: def.definition, ...extra };
  };

  const organisations = num(census, 'organisations');
  const sites = num(census, 'sites');
  const closed = num(counts, 'parcoursClosed');
  const endOfYear = `${year}-12-31`;
  const deployed = territories.filter((t) => t.referentDeployed === true && String(t.deployedOn ?? '') <= endOfYear);
  // Territories may overlap (a pilot inside a larger one): each commune counts once.
  const coveredCommunes = new Set(deployed.flatMap((t) => [...((t.communeCodes as Iterable<string> | undefined) ?? [])]));
  const coveredPopulation = [...coveredCommunes].reduce((sum, code) => sum + input.communePopulation(code), 0);
  const tools = Object.fromEntries(byPrefix(counts, 'tools'));
  const participations = Object.fromEntries(byPrefix(counts, 'participations'));

  const indicators: Record<IndicatorId, Indicator> = {
    receptionPointsOnMap: indicator('receptionPointsOnMap', ratio(num(census, 'sitesOnMap'), sites), {
      numerator: num(census, 'sitesOnMap'),
      denominator: sites,
      ...(sites === 0 ? { note: 'Aucun lieu d’accueil inconditionnel recensé.' } : {}),
    }),
    populationWithin30Minutes: indicator('populationWithin30Minutes', coverage ? Number(coverage.rate) : null, {
      ...(coverage
        ? {
            populationCovered: num(coverage, 'populationCovered'),
            populationTotal: num(coverage, 'populationTotal'),
            computedAt: coverage.computedAt,
          }
        : { note: 'Aucun calcul de couverture cette année.' }),
    }),
    professionalsTrained: indicator('professionalsTrained', num(counts, 'professionals'), {
      tools: Object.entries(tools).map(([kind, events]) => ({
        kind,
        label: TOOL_LABELS[kind] ?? kind,
        events,
        participations: participations[kind] ?? 0,
      })),
    }),
    networkOrganisations: indicator('networkOrganisations', organisations, {
      byKind: Object.fromEntries(byPrefix(census, 'kind')),
    }),
    organisationsMeasuringSatisfaction: indicator(
      'organisationsMeasuringSatisfaction',
      ratio(num(counts, 'surveyOrganisations'), organisations),
      { numerator: num(counts, 'surveyOrganisations'), denominator: organisations },
    ),
    referentPopulationCoverage: indicator('referentPopulationCoverage', ratio(coveredPopulation, input.departementPopulation) ?? 0, {
      populationCovered: coveredPopulation,
      populationTotal: input.departementPopulation,
      territories: deployed.map((t) => t.name),
    }),
    referentPartners: indicator('referentPartners', num(counts, 'partners')),
    peopleAccompanied: indicator('peopleAccompanied', num(counts, 'persons')),
    closedParcoursWithAssessment: indicator('closedParcoursWithAssessment', ratio(num(counts, 'parcoursClosedWithAssessment'), closed), {
      numerator: num(counts, 'parcoursClosedWithAssessment'),
      denominator: closed,
      ...(closed === 0 ? { note: 'Aucun parcours clos cette année.' } : {}),
    }),
  };

  // Observatory
  const themes = byPrefix(counts, 'theme');
  const previousThemes = byPrefix(previousCounts, 'theme');
  const communes = byPrefix(counts, 'commune');
  const previousCommunes = byPrefix(previousCounts, 'commune');
  const communeLabel = (code: string) => (code === 'inconnue' ? 'Commune non renseignée' : input.communeName(code));

  const territoryOf = new Map<string, string>();
  for (const t of territories) for (const code of (t.communeCodes as string[] | undefined) ?? []) territoryOf.set(code, t.sk);
  const territoryNames = new Map<string, string>(territories.map((t) => [t.sk, String(t.name ?? t.sk)]));
  const byTerritory = (communeCounts: Map<string, number>) => {
    const out = new Map<string, number>();
    for (const [code, n] of communeCounts) {
      const key = code === 'inconnue' ? 'inconnue' : (territoryOf.get(code) ?? 'hors-territoire');
      out.set(key, (out.get(key) ?? 0) + n);
    }
    return out;
  };
  const territoryLabel = (key: string) =>
    key === 'inconnue'
      ? 'Commune non renseignée'
      : key === 'hors-territoire'
        ? 'Hors des territoires définis'
        : (territoryNames.get(key) ?? key);

  const months = (item: Item | undefined) => byPrefix(item, 'month');
  const currentMonths = months(counts);
  const previousMonths = months(previousCounts);
  const byMonth: Row[] = MONTH_LABELS.map((label, i) => {
    const mm = String(i + 1).padStart(2, '0');
    return { key: `${year}-${mm}`, label: `${label} ${year}`, count: currentMonths.get(mm) ?? 0, previous: previousMonths.get(mm) ?? 0 };
  });

  const unmetThemes = subtract(themes, byPrefix(counts, 'orientedTheme'));
  const previousUnmetThemes = subtract(previousThemes, byPrefix(previousCounts, 'orientedTheme'));
  const unmet = num(counts, 'receptions') - num(counts, 'oriented');
  const previousUnmet = num(previousCounts, 'receptions') - num(previousCounts, 'oriented');

  return {
    year,
    generatedAt: input.now.toISOString(),
    indicators,
    observatory: {
      receptions: num(counts, 'receptions'),
      byTheme: rows(themes, previousThemes, input.themeLabel),
      byChannel: rows(byPrefix(counts, 'channel'), byPrefix(previousCounts, 'channel'), (c) => CHANNEL_LABELS[c] ?? c),
      byTerritory: rows(byTerritory(communes), byTerritory(previousCommunes), territoryLabel),
      byCommune: rows(communes, previousCommunes, communeLabel),
      byMonth,
      unmetNeeds: {
        receptionsWithoutReferral: unmet,
        byTheme: rows(unmetThemes, previousUnmetThemes, input.themeLabel),
        declinedReferrals: num(counts, 'declined'),
        declinedByReason: rows(
          byPrefix(counts, 'declinedReason'),
          byPrefix(previousCounts, 'declinedReason'),
          (r) => DECLINE_REASON_LABELS[r] ?? r,
        ),
        expiredReferrals: num(counts, 'expired'),
        expiredByTheme: rows(byPrefix(counts, 'expiredTheme'), byPrefix(previousCounts, 'expiredTheme'), input.themeLabel),
      },
      trends: {
        receptions: trend(num(counts, 'receptions'), num(previousCounts, 'receptions')),
        referrals: trend(num(counts, 'referrals'), num(previousCounts, 'referrals')),
        receptionsWithoutReferral: trend(unmet, previousUnmet),
        declinedReferrals: trend(num(counts, 'declined'), num(previousCounts, 'declined')),
        expiredReferrals: trend(num(counts, 'expired'), num(previousCounts, 'expired')),
      },
      noShows: {
        honoured: num(counts, 'appointmentsHonoured'),
        missed: num(counts, 'appointmentsMissed'),
        rate: ratio(num(counts, 'appointmentsMissed'), num(counts, 'appointmentsHonoured') + num(counts, 'appointmentsMissed')),
        byPartner: noShowRows(
          byPrefix(counts, 'appointmentHonouredPartner'),
          byPrefix(counts, 'appointmentMissedPartner'),
          (id) => input.organisationName?.(id) ?? id,
        ),
        byTheme: noShowRows(byPrefix(counts, 'appointmentHonouredTheme'), byPrefix(counts, 'appointmentMissedTheme'), input.themeLabel),
      },
    },
  };
}

export { INDICATOR_IDS };
