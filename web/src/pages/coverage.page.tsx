import { useCallback, useId, useMemo, useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/queries';
import type { Coverage, CoverageCommune } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, MapUnavailable, ProblemText, SuccessNotice } from '../components/status';
import { formatDateTime, formatInteger, formatPercent, TRAVEL_METHOD_NOTES } from '../labels';
import { COVERAGE_COLOURS, classLimits, GAP_OUTLINE, NO_DATA_COLOUR, type OutlineCollection } from '../map/coverage-scale';
import { CoverageMapSlot, useCoverageSites } from '../map/coverage-map-slot';
import '../map/map.css';

type SortKey = 'name' | 'population' | 'minutes';
type Direction = 'ascending' | 'descending';

function Legend({ threshold, geometry }: { threshold: number; geometry: 'polygons' | 'circles' }) {
  const [a, b, c, d] = classLimits(threshold);
  const classes = [`moins de ${a} min`, `${a} à ${b} min`, `${b} à ${c} min`, `${c} à ${d} min`, `${d} min et plus`];
  return (
    <div className="coverage-legend">
      <p className="coverage-legend__title">Temps jusqu’au lieu d’accueil inconditionnel le plus proche</p>
      <ul className="legend">
        {classes.map((label, i) => (
          <li key={label}>
            <span className="legend__swatch" style={{ background: COVERAGE_COLOURS[i] }} aria-hidden="true" /> {label}
          </li>
        ))}
        <li>
          <span className="legend__swatch" style={{ background: NO_DATA_COLOUR }} aria-hidden="true" /> aucun lieu joignable
        </li>
      </ul>
      <ul className="legend">
        <li>
          {geometry === 'polygons' ? (
            <span className="legend__swatch legend__swatch--gap" style={{ borderColor: GAP_OUTLINE }} aria-hidden="true" />
          ) : (
            <span className="legend__dot legend__dot--gap" style={{ borderColor: GAP_OUTLINE }} aria-hidden="true" />
          )}{' '}
          Au-delà de {threshold} minutes :{' '}
          {geometry === 'polygons' ? 'hachuré, contour orange épais' : 'cercle orange épais, point blanc au centre'}
        </li>
        <li>
          <span className="legend__square" aria-hidden="true" /> Lieu d’accueil inconditionnel
        </li>
        {geometry === 'circles' ? <li>Un cercle par commune, d’autant plus grand qu’elle est peuplée.</li> : null}
      </ul>
    </div>
  );
}

function CommuneTable({
  communes,
  threshold,
  siteName,
  caption,
}: {
  communes: readonly CoverageCommune[];
  threshold: number;
  siteName: (id: string | null) => string | undefined;
  caption: string;
}) {
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction }>({ key: 'minutes', direction: 'descending' });
  const captionId = useId();
  const sorted = useMemo(() => {
    const factor = sort.direction === 'ascending' ? 1 : -1;
    const value = (c: CoverageCommune) => (sort.key === 'minutes' ? (c.minutes ?? Number.POSITIVE_INFINITY) : c.population);
    return [...communes].sort((x, y) =>
      sort.key === 'name'
        ? factor * x.name.localeCompare(y.name, 'fr')
        : factor * (value(x) - value(y)) || x.name.localeCompare(y.name, 'fr'),
    );
  }, [communes, sort]);

  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    const next: Direction =
      active && sort.direction === 'descending' ? 'ascending' : active ? 'descending' : key === 'name' ? 'ascending' : 'descending';
    return (
      <th scope="col" aria-sort={active ? sort.direction : 'none'}>
        <button type="button" className="sort-button" onClick={() => setSort({ key, direction: next })}>
          {label}
          <span aria-hidden="true" className="sort-button__arrow">
            {active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
          </span>
          <span className="visually-hidden">
            {active ? `, trié par ordre ${sort.direction === 'ascending' ? 'croissant' : 'décroissant'}` : ''} : changer le tri
          </span>
        </button>
      </th>
    );
  };

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-wrapper table-wrapper--tall" aria-labelledby={captionId} tabIndex={0}>
      <table className="table" data-testid="gap-table">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            {header('name', 'Commune')}
            {header('population', 'Population')}
            {header('minutes', 'Minutes')}
            <th scope="col">Lieu le plus proche</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((c) => (
            <tr key={c.code} data-testid="gap-row">
              <th scope="row">
                {c.name} <span className="muted">({c.code})</span>
                {c.covered ? null : <span className="visually-hidden"> (au-delà de {threshold} minutes)</span>}
              </th>
              <td className="number">{formatInteger(c.population)}</td>
              <td className="number">{c.minutes === null ? 'aucun lieu joignable' : formatInteger(Math.round(c.minutes))}</td>
              <td>{siteName(c.nearestSiteId) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The coordinator's view of the promise: everyone less than 30 minutes from a reception point. */
export function CoveragePage() {
  const { state: loaded, reload, replace } = useApiQuery<Coverage>('/api/coverage');
  const { state: outlinesState } = useApiQuery<OutlineCollection>('/api/communes/outlines');
  const refreshing = useApiMutation((api, _: undefined) => api.post<Coverage>('/api/coverage/refresh', {}), {
    onSuccess: (fresh) => replace(fresh),
    focusOnProblem: false,
  });
  const fresh = refreshing.result;
  const refreshMessage = fresh
    ? {
        ok: true,
        text: `Couverture recalculée : ${formatPercent(fresh.rate)} de la population à moins de ${fresh.thresholdMinutes} minutes.`,
      }
    : refreshing.error
      ? { ok: false, text: refreshing.error }
      : null;
  const [showAll, setShowAll] = useState(false);
  const [mapUnavailable, setMapUnavailable] = useState(false);
  const ids = { figures: useId(), map: useId(), gaps: useId(), all: useId() };
  const onUnavailable = useCallback(() => setMapUnavailable(true), []);

  const { siteName } = useCoverageSites();

  const refresh = () => refreshing.run();

  // Outlines: polygons when the server has them; a 404 (no outlines file) means circles.
  const outlinesReady = outlinesState.status !== 'loading';
  const outlines = outlinesState.status === 'ready' ? outlinesState.value : null;
  const outlinesNote =
    outlinesState.status === 'failed' && outlinesState.httpStatus !== 404
      ? `Les contours des communes n’ont pas pu être chargés (${outlinesState.message}) : chaque commune est un cercle.`
      : outlinesState.status === 'failed'
        ? 'Les contours des communes ne sont pas disponibles sur ce serveur : chaque commune est représentée par un cercle.'
        : null;

  return (
    <>
      <PageHeading title="Couverture du territoire" />
      <p className="lead">
        Part de la population qui vit à moins de 30 minutes de route d’un lieu d’accueil inconditionnel, commune par commune, pondérée par
        la population.
      </p>

      {loaded.status === 'loading' ? <Loading>Calcul de la couverture…</Loading> : null}
      {loaded.status === 'failed' ? (
        <ErrorNotice onRetry={reload}>
          <span data-testid="coverage-error">
            <ProblemText text={loaded.message} />
          </span>
        </ErrorNotice>
      ) : null}

      {loaded.status === 'ready'
        ? (() => {
            const coverage = loaded.value;
            const gaps = coverage.communes.filter((c) => !c.covered);
            const populationInGap = coverage.populationTotal - coverage.populationCovered;
            return (
              <>
                <section aria-labelledby={ids.figures}>
                  <h2 id={ids.figures} className="visually-hidden">
                    Chiffres clés
                  </h2>
                  <ul className="kpis">
                    <li className="kpi kpi--main" data-testid="coverage-rate" data-rate={coverage.rate}>
                      <span className="kpi__value">{formatPercent(coverage.rate)}</span>
                      <span className="kpi__label">de la population à moins de {coverage.thresholdMinutes} minutes</span>
                    </li>
                    <li className="kpi" data-testid="coverage-gap">
                      <span className="kpi__value">{formatInteger(populationInGap)}</span>
                      <span className="kpi__label">
                        habitants à plus de {coverage.thresholdMinutes} minutes, dans {formatInteger(gaps.length)} commune
                        {gaps.length > 1 ? 's' : ''}
                      </span>
                    </li>
                    <li className="kpi">
                      <span className="kpi__value">{formatInteger(coverage.populationTotal)}</span>
                      <span className="kpi__label">habitants dans {formatInteger(coverage.communes.length)} communes</span>
                    </li>
                  </ul>
                  <p className="muted">
                    Calculé le {formatDateTime(coverage.computedAt)}. {TRAVEL_METHOD_NOTES[coverage.method]}
                  </p>
                  <div className="button-row">
                    <button type="button" className="button button--secondary" onClick={refresh} disabled={refreshing.busy}>
                      {refreshing.busy ? 'Calcul en cours…' : 'Recalculer maintenant'}
                    </button>
                  </div>
                  {refreshMessage ? (
                    refreshMessage.ok ? (
                      <SuccessNotice>{refreshMessage.text}</SuccessNotice>
                    ) : (
                      <ErrorNotice>{refreshMessage.text}</ErrorNotice>
                    )
                  ) : null}
                </section>

                <section aria-labelledby={ids.map}>
                  <h2 id={ids.map}>Carte</h2>
                  {outlinesNote ? <p className="notice notice--info">{outlinesNote}</p> : null}
                  {mapUnavailable ? (
                    <MapUnavailable>Le tableau ci-dessous donne les communes au-delà du seuil.</MapUnavailable>
                  ) : outlinesReady ? (
                    <CoverageMapSlot coverage={coverage} outlines={outlines} onUnavailable={onUnavailable} />
                  ) : (
                    <Loading>Chargement des contours des communes…</Loading>
                  )}
                  <Legend threshold={coverage.thresholdMinutes} geometry={outlines ? 'polygons' : 'circles'} />
                </section>

                <section aria-labelledby={ids.gaps}>
                  <h2 id={ids.gaps}>
                    Communes à plus de {coverage.thresholdMinutes} minutes ({gaps.length})
                  </h2>
                  {gaps.length === 0 ? (
                    <p>Toutes les communes sont à moins de {coverage.thresholdMinutes} minutes d’un lieu d’accueil inconditionnel.</p>
                  ) : (
                    <CommuneTable
                      communes={gaps}
                      threshold={coverage.thresholdMinutes}
                      siteName={siteName}
                      caption={`Communes à plus de ${coverage.thresholdMinutes} minutes`}
                    />
                  )}
                  <div className="field field--checkbox">
                    <input id={ids.all} type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
                    <label htmlFor={ids.all}>Afficher aussi le tableau de toutes les communes</label>
                  </div>
                  {showAll ? (
                    <CommuneTable
                      communes={coverage.communes}
                      threshold={coverage.thresholdMinutes}
                      siteName={siteName}
                      caption="Toutes les communes"
                    />
                  ) : null}
                </section>
              </>
            );
          })()
        : null}
    </>
  );
}
