import { useCallback, useEffect, useId, useState } from 'react';
import { useApiQuery } from '../api/queries';
import type { Coverage } from '../api/types';
import { useDownload } from '../components/download';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, MapUnavailable, ProblemText } from '../components/status';
import { type ChartRow, ObservatoryChart } from '../indicators/observatory-chart';
import { NoShowSection, type NoShows } from '../indicators/no-show-table';
import { formatInteger, formatPercent, organisationKindLabel } from '../labels';
import type { OutlineCollection } from '../map/coverage-scale';
import { CoverageMapSlot } from '../map/coverage-map-slot';
import '../map/map.css';
import './indicators.css';

const INDICATOR_IDS = [
  'receptionPointsOnMap',
  'populationWithin30Minutes',
  'professionalsTrained',
  'networkOrganisations',
  'organisationsMeasuringSatisfaction',
  'referentPopulationCoverage',
  'referentPartners',
  'peopleAccompanied',
  'closedParcoursWithAssessment',
] as const;
type IndicatorId = (typeof INDICATOR_IDS)[number];

interface Indicator {
  label: string;
  value: number | null;
  target?: number;
  unit: string;
  definition: string;
  note?: string;
  numerator?: number;
  denominator?: number;
  byKind?: Record<string, number>;
  tools?: Array<{ kind: string; label: string; events: number; participations: number }>;
}

interface Trend {
  value: number;
  previous: number;
  change: number | null;
}

interface IndicatorsReport {
  year: number;
  generatedAt: string;
  availableYears: number[];
  indicators: Record<IndicatorId, Indicator>;
  observatory: {
    receptions: number;
    byTheme: ChartRow[];
    byChannel: ChartRow[];
    byTerritory: ChartRow[];
    byCommune: ChartRow[];
    byMonth: ChartRow[];
    unmetNeeds: {
      receptionsWithoutReferral: number;
      byTheme: ChartRow[];
      declinedReferrals: number;
      declinedByReason: ChartRow[];
      expiredReferrals: number;
      expiredByTheme: ChartRow[];
    };
    trends: Record<'receptions' | 'referrals' | 'receptionsWithoutReferral' | 'declinedReferrals' | 'expiredReferrals', Trend>;
    noShows: NoShows;
  };
}

const formatValue = (value: number | null | undefined, unit: string): string =>
  value === null || value === undefined ? '—' : unit === 'ratio' ? formatPercent(value) : formatInteger(value);

function reached(indicator: Indicator): boolean | null {
  if (indicator.target === undefined || indicator.value === null) return null;
  return indicator.value >= indicator.target;
}

function IndicatorCard({ id, indicator }: { id: IndicatorId; indicator: Indicator }) {
  const status = reached(indicator);
  return (
    <li className={`kpi indicator${status === false ? ' indicator--below' : ''}`} data-testid={`indicator-${id}`}>
      <span className="kpi__label">{indicator.label}</span>
      <span className="kpi__value">{formatValue(indicator.value, indicator.unit)}</span>
      <span>
        {indicator.target === undefined ? (
          'Pas de cible fixée'
        ) : (
          <>
            Cible : <strong>{formatValue(indicator.target, indicator.unit)}</strong>
            {status === null ? null : status ? ' — atteinte' : ' — non atteinte'}
          </>
        )}
      </span>
      {indicator.numerator !== undefined && indicator.denominator !== undefined ? (
        <span className="muted">
          {formatInteger(indicator.numerator)} sur {formatInteger(indicator.denominator)}
        </span>
      ) : null}
      {indicator.tools && indicator.tools.length > 0 ? (
        <ul className="indicator__details">
          {indicator.tools.map((t) => (
            <li key={t.kind}>
              {t.label} : {formatInteger(t.events)} ({formatInteger(t.participations)} participations)
            </li>
          ))}
        </ul>
      ) : null}
      {indicator.byKind && Object.keys(indicator.byKind).length > 0 ? (
        <details>
          <summary>Par type de structure</summary>
          <ul className="indicator__details">
            {Object.entries(indicator.byKind)
              .sort(([, a], [, b]) => b - a)
              .map(([kind, n]) => (
                <li key={kind}>
                  {organisationKindLabel(kind)} : {formatInteger(n)}
                </li>
              ))}
          </ul>
        </details>
      ) : null}
      {indicator.note ? <span className="muted">{indicator.note}</span> : null}
      <details>
        <summary>Définition</summary>
        <p>{indicator.definition}</p>
      </details>
    </li>
  );
}

function TrendText({ label, trend, year }: { label: string; trend: Trend; year: number }) {
  const change =
    trend.change === null
      ? 'pas de comparaison possible'
      : `${trend.change >= 0 ? '+' : ''}${formatPercent(trend.change)} par rapport à ${year - 1}`;
  return (
    <li className="kpi">
      <span className="kpi__label">{label}</span>
      <span className="kpi__value">{formatInteger(trend.value)}</span>
      <span className="muted">
        {formatInteger(trend.previous)} en {year - 1} ({change})
      </span>
    </li>
  );
}

function ExportButtons({ year }: { year: number }) {
  const { download, pending: busy, message } = useDownload();
  const start = (format: 'csv' | 'xlsx') =>
    download({
      id: format,
      path: `/api/indicators/export?year=${year}&format=${format}`,
      filename: `relais-indicateurs-${year}.${format}`,
      done: `Rapport ${year} téléchargé (${format.toUpperCase()}).`,
    });
  return (
    <>
      <div className="button-row">
        <button type="button" className="button" disabled={busy !== null} onClick={() => start('xlsx')}>
          {busy === 'xlsx' ? 'Préparation…' : 'Télécharger le rapport (XLSX)'}
        </button>
        <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => start('csv')}>
          {busy === 'csv' ? 'Préparation…' : 'Télécharger le rapport (CSV)'}
        </button>
      </div>
      {message}
    </>
  );
}

function CoverageSection({ headingId }: { headingId: string }) {
  const { state: coverage } = useApiQuery<Coverage>('/api/coverage');
  const { state: outlinesState } = useApiQuery<OutlineCollection>('/api/communes/outlines');
  const [unavailable, setUnavailable] = useState(false);
  const onUnavailable = useCallback(() => setUnavailable(true), []);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Carte de la couverture</h2>
      {coverage.status === 'loading' || outlinesState.status === 'loading' ? <Loading>Chargement de la carte…</Loading> : null}
      {coverage.status === 'failed' ? (
        <ErrorNotice>
          <ProblemText text={coverage.message} />
        </ErrorNotice>
      ) : null}
      {coverage.status === 'ready' && outlinesState.status !== 'loading' ? (
        unavailable ? (
          <MapUnavailable>La page Couverture donne le détail commune par commune.</MapUnavailable>
        ) : (
          <>
            <p>
              {formatPercent(coverage.value.rate)} de la population à moins de {coverage.value.thresholdMinutes} minutes d’un lieu d’accueil
              inconditionnel (détail sur la page <a href="#/couverture">Couverture</a>).
            </p>
            <CoverageMapSlot
              coverage={coverage.value}
              outlines={outlinesState.status === 'ready' ? outlinesState.value : null}
              onUnavailable={onUnavailable}
            />
          </>
        )
      ) : null}
    </section>
  );
}

/** The coordinator's dashboard: the State indicators with their targets, the observatory, the export. */
/** The observatory's charts: what each counts, and how it is drawn. */
type Observatory = IndicatorsReport['observatory'];

/** The observatory's charts: what each counts, and how it is drawn. */
const OBSERVATORY_CHARTS = [
  { testId: 'chart-month', title: 'Accueils par mois', rows: (o: Observatory) => o.byMonth, kind: 'line' },
  { testId: 'chart-theme', title: 'Accueils par thème', rows: (o: Observatory) => o.byTheme, horizontal: true },
  { testId: 'chart-channel', title: 'Accueils par canal', rows: (o: Observatory) => o.byChannel },
  { testId: 'chart-territory', title: 'Accueils par territoire', rows: (o: Observatory) => o.byTerritory, horizontal: true },
] as const;

/** The needs left without an answer. */
const UNMET_CHARTS = [
  {
    testId: 'chart-unmet',
    title: 'Thèmes des accueils restés sans orientation',
    rows: (o: Observatory) => o.unmetNeeds.byTheme,
    horizontal: true,
  },
  {
    testId: 'chart-declined',
    title: 'Motifs de refus des partenaires',
    rows: (o: Observatory) => o.unmetNeeds.declinedByReason,
    horizontal: true,
  },
] as const;

/** Charts of the year's observatory, side by side. */
function Charts({ charts, report }: { charts: typeof OBSERVATORY_CHARTS | typeof UNMET_CHARTS; report: IndicatorsReport }) {
  return (
    <div className="charts">
      {charts.map(({ rows, ...chart }) => (
        <ObservatoryChart key={chart.testId} {...chart} rows={rows(report.observatory)} year={report.year} />
      ))}
    </div>
  );
}

export function IndicatorsPage() {
  const [year, setYear] = useState(() => new Date().getFullYear());
  const { state, reload } = useApiQuery<IndicatorsReport>(`/api/indicators?year=${year}`);
  const ids = { year: useId(), indicators: useId(), observatory: useId(), unmet: useId(), noShows: useId(), map: useId(), export: useId() };
  const [years, setYears] = useState<number[]>([]);
  // The years with data, kept while another year loads.
  const answered = state.status === 'ready' ? state.value.availableYears : null;
  useEffect(() => {
    if (answered) setYears(answered);
  }, [answered]);
  const known = answered ?? years;

  const options = known.length ? known : [year];

  return (
    <>
      <PageHeading title="Indicateurs et observatoire des besoins sociaux" />
      <p className="lead">
        Les indicateurs que le département rend chaque année à l’État, et les besoins qui remontent du terrain. Tous les chiffres sont
        anonymes.
      </p>
      <div className="field field--inline">
        <label htmlFor={ids.year}>Année</label>
        <select id={ids.year} value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {options.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>

      {state.status === 'loading' ? <Loading>Chargement des indicateurs…</Loading> : null}
      {state.status === 'failed' ? (
        <ErrorNotice onRetry={reload}>
          <ProblemText text={state.message} />
        </ErrorNotice>
      ) : null}
      {state.status === 'ready' ? (
        <>
          <section aria-labelledby={ids.indicators}>
            <h2 id={ids.indicators}>Les neuf indicateurs {state.value.year}</h2>
            <ul className="kpis" data-testid="indicators">
              {INDICATOR_IDS.map((id) => (
                <IndicatorCard key={id} id={id} indicator={state.value.indicators[id]} />
              ))}
            </ul>
          </section>

          <section aria-labelledby={ids.export}>
            <h2 id={ids.export}>Rapport pour l’État</h2>
            <p>Un tableur avec une ligne par indicateur (définition, cible, valeur) et les tableaux de l’observatoire.</p>
            <ExportButtons year={state.value.year} />
          </section>

          <section aria-labelledby={ids.observatory}>
            <h2 id={ids.observatory}>Observatoire des besoins sociaux</h2>
            <ul className="kpis">
              <TrendText label="Accueils" trend={state.value.observatory.trends.receptions} year={state.value.year} />
              <TrendText label="Orientations" trend={state.value.observatory.trends.referrals} year={state.value.year} />
            </ul>
            <Charts charts={OBSERVATORY_CHARTS} report={state.value} />
          </section>

          <section aria-labelledby={ids.unmet}>
            <h2 id={ids.unmet}>Besoins sans réponse</h2>
            <ul className="kpis">
              <TrendText
                label="Accueils sans orientation"
                trend={state.value.observatory.trends.receptionsWithoutReferral}
                year={state.value.year}
              />
              <TrendText label="Orientations refusées" trend={state.value.observatory.trends.declinedReferrals} year={state.value.year} />
              <TrendText
                label="Orientations expirées sans réponse"
                trend={state.value.observatory.trends.expiredReferrals}
                year={state.value.year}
              />
            </ul>
            <Charts charts={UNMET_CHARTS} report={state.value} />
          </section>

          <NoShowSection noShows={state.value.observatory.noShows} year={state.value.year} headingId={ids.noShows} />

          <CoverageSection headingId={ids.map} />
        </>
      ) : null}
    </>
  );
}
