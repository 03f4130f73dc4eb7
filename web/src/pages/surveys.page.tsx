import type { ChartConfiguration } from 'chart.js';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useMemo, useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import type * as z from 'zod';
import { ResultsQuerySchema } from '../../../services/surveys/domain/surveys.schema';
import { query } from '../api/http';
import { useApiQuery } from '../api/queries';
import type { Me } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { canReadSurveyResults, isCoordinator } from '../auth/permissions';
import { FormSelect, FormText } from '../components/api-form';
import { SelectField } from '../components/form';
import { formSchema } from '../components/form-schema';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { formatDate, formatDecimal, formatInteger, formatPercent, parisDay } from '../labels';
import { ChartCanvas } from '../surveys/charts';

interface SurveyResults {
  organisationId: string;
  organisationName?: string;
  siteId?: string;
  from: string;
  to: string;
  sent: number;
  answered: number;
  responseRate: number;
  averageScore: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  monthly: Array<{ month: string; sent: number; answered: number; averageScore: number | null }>;
  comments: Array<{ surveyId: string; siteId?: string; score: number; comment: string; at: string }>;
  sites: Array<{ siteId: string; name: string }>;
}

interface Measuring {
  items: Array<{ organisationId: string; name?: string; sent: number; lastSentAt: string }>;
}

const MARKS = ['1', '2', '3', '4', '5'] as const;
const MARK_LABELS: Record<(typeof MARKS)[number], string> = {
  '1': '1 (mal)',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5 (très bien)',
};
// The network's blue (bars) and a darker tone (line), contrasted against white.
const BAR_COLOUR = '#1d4f91';
const LINE_COLOUR = '#7a2e0e';

const monthLabel = (month: string) =>
  new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

function Distribution({ results }: { results: SurveyResults }) {
  const captionId = useId();
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: MARKS.map((m) => MARK_LABELS[m]),
        datasets: [{ label: 'Réponses', data: MARKS.map((m) => results.distribution[m]), backgroundColor: BAR_COLOUR }],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    [results],
  );
  return (
    <section aria-labelledby={captionId} className="chart-panel">
      <h2 id={captionId}>Répartition des notes</h2>
      <ChartCanvas
        config={config}
        testId="chart-distribution"
        label={`Diagramme en barres : nombre de réponses par note, de 1 à 5. ${MARKS.map((m) => `Note ${m} : ${results.distribution[m]}`).join(', ')}.`}
      />
      <table className="table table--compact">
        <caption>Réponses par note</caption>
        <thead>
          <tr>
            <th scope="col">Note</th>
            <th scope="col">Réponses</th>
          </tr>
        </thead>
        <tbody>
          {MARKS.map((m) => (
            <tr key={m}>
              <th scope="row">{MARK_LABELS[m]}</th>
              <td>{formatInteger(results.distribution[m])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function MonthlyTrend({ results }: { results: SurveyResults }) {
  const captionId = useId();
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: results.monthly.map((m) => monthLabel(m.month)),
        datasets: [
          {
            label: 'Note moyenne',
            data: results.monthly.map((m) => m.averageScore),
            borderColor: LINE_COLOUR,
            backgroundColor: LINE_COLOUR,
            spanGaps: true,
          },
        ],
      },
      options: { scales: { y: { min: 1, max: 5, ticks: { stepSize: 1 } } } },
    }),
    [results],
  );
  return (
    <section aria-labelledby={captionId} className="chart-panel">
      <h2 id={captionId}>Évolution mensuelle</h2>
      <ChartCanvas
        config={config}
        testId="chart-monthly"
        label={`Courbe de la note moyenne par mois d’envoi. ${
          results.monthly.length
            ? results.monthly
                .map((m) => `${monthLabel(m.month)} : ${m.averageScore === null ? 'pas de réponse' : formatDecimal(m.averageScore)}`)
                .join(', ')
            : 'Aucune enquête sur la période'
        }.`}
      />
      <table className="table table--compact">
        <caption>Enquêtes et note moyenne par mois d’envoi</caption>
        <thead>
          <tr>
            <th scope="col">Mois</th>
            <th scope="col">Envoyées</th>
            <th scope="col">Réponses</th>
            <th scope="col">Note moyenne</th>
          </tr>
        </thead>
        <tbody>
          {results.monthly.length === 0 ? (
            <tr>
              <td colSpan={4}>Aucune enquête envoyée sur la période.</td>
            </tr>
          ) : (
            results.monthly.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthLabel(m.month)}</th>
                <td>{formatInteger(m.sent)}</td>
                <td>{formatInteger(m.answered)}</td>
                <td>{m.averageScore === null ? '—' : formatDecimal(m.averageScore)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

function Results({ path }: { path: string }) {
  const { state, reload } = useApiQuery<SurveyResults>(path);
  if (state.status === 'loading') return <Loading>Chargement des résultats…</Loading>;
  if (state.status === 'failed') return <ErrorNotice onRetry={reload}>{state.message}</ErrorNotice>;
  const results = state.value;
  const siteName = (id?: string) => results.sites.find((s) => s.siteId === id)?.name;
  return (
    <div data-testid="survey-results">
      <h2 className="visually-hidden">Chiffres clés</h2>
      <ul className="kpis">
        <li className="kpi kpi--main">
          <span className="kpi__value" data-testid="survey-average">
            {results.averageScore === null ? '—' : `${formatDecimal(results.averageScore)} / 5`}
          </span>
          <span className="kpi__label">note moyenne</span>
        </li>
        <li className="kpi">
          <span className="kpi__value">{formatPercent(results.responseRate)}</span>
          <span className="kpi__label">
            de réponses ({formatInteger(results.answered)} sur {formatInteger(results.sent)} SMS envoyés)
          </span>
        </li>
      </ul>
      <p className="muted">
        Du {formatDate(results.from)} au {formatDate(results.to)}
        {results.siteId ? `, ${siteName(results.siteId) ?? 'lieu choisi'}` : ', tous les lieux'}.
      </p>
      <div className="survey-charts">
        <Distribution results={results} />
        <MonthlyTrend results={results} />
      </div>
      <section className="survey-section" aria-labelledby="commentaires">
        <h2 id="commentaires">Commentaires ({formatInteger(results.comments.length)})</h2>
        {results.comments.length === 0 ? (
          <p>Aucun commentaire sur la période.</p>
        ) : (
          <ul className="comments">
            {results.comments.map((c) => (
              <li key={c.surveyId}>
                <blockquote>{c.comment}</blockquote>
                <p className="muted">
                  Note {c.score} / 5, le {formatDate(c.at.slice(0, 10))}
                  {c.siteId && siteName(c.siteId) ? `, ${siteName(c.siteId)}` : ''}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/**
 * Satisfaction surveys (rule 7): the coordinator chooses an organisation of the network; a
 * partner sees its own organisation's; reception agents and social workers none (SECURITY.md).
 * Period of sending dates, optionally one site.
 */
export function SurveysPage() {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  if (!canReadSurveyResults(me)) {
    return (
      <>
        <PageHeading title="Satisfaction des personnes accueillies" />
        <p className="notice notice--info" data-testid="survey-results-forbidden">
          Les résultats des enquêtes de satisfaction sont réservés à la coordination du réseau et aux structures partenaires, pour leurs
          propres résultats.
        </p>
      </>
    );
  }
  return <SurveyResultsPage me={me} />;
}

interface Filters {
  organisationId: string;
  siteId: string;
  from: string;
  to: string;
}

const queryOf = (f: Filters) => ({
  organisationId: f.organisationId || undefined,
  siteId: f.siteId || undefined,
  from: f.from || undefined,
  to: f.to || undefined,
});

/** The filters are checked with the API's query schema (a period that ends before it starts…). */
const FILTERS = formSchema(queryOf, ResultsQuerySchema);

function SurveyResultsPage({ me }: { me: Me | null }) {
  const coordinator = isCoordinator(me);
  const { data } = useDirectory();
  const measuring = useApiQuery<Measuring>(coordinator ? '/api/surveys/organisations' : null);
  const [today] = useState(() => new Date());
  const form = useForm<Filters>({
    defaultValues: {
      organisationId: '',
      siteId: '',
      from: parisDay(new Date(today.getTime() - 365 * 24 * 3600_000)),
      to: parisDay(today),
    },
    resolver: zodResolver(FILTERS as unknown as z.ZodType<Filters, Filters>),
    mode: 'onChange',
  });
  const filters = useWatch({ control: form.control }) as Filters;

  const measuringItems = measuring.state.status === 'ready' ? measuring.state.value.items : [];
  const organisations = data.status === 'ready' ? data.organisations : [];
  const organisationId = coordinator
    ? filters.organisationId || measuringItems[0]?.organisationId || organisations[0]?.id || ''
    : (me?.organisationId ?? '');
  const sites = data.status === 'ready' ? data.sites.filter((s) => s.organisationId === organisationId) : [];
  const checked = FILTERS.safeParse({ ...filters, organisationId: coordinator ? organisationId : '' });
  const path =
    organisationId && checked.success
      ? `/api/surveys/results${query(queryOf({ ...filters, organisationId: coordinator ? organisationId : '' }))}`
      : null;

  return (
    <>
      <PageHeading title="Satisfaction des personnes accueillies" />
      <p className="lead">
        Après un accueil ou à la fin d’un parcours, les personnes qui l’ont accepté reçoivent un SMS et notent leur accueil de 1 à 5.
      </p>
      {coordinator ? (
        <section className="survey-section" aria-labelledby="mesure">
          <h2 id="mesure">Structures qui mesurent la satisfaction</h2>
          {measuring.state.status === 'loading' ? (
            <Loading>Chargement…</Loading>
          ) : measuring.state.status === 'failed' ? (
            <ErrorNotice onRetry={measuring.reload}>{measuring.state.message}</ErrorNotice>
          ) : measuringItems.length === 0 ? (
            <p>Aucune enquête n’a encore été envoyée.</p>
          ) : (
            <p data-testid="measuring-count">
              {formatInteger(measuringItems.length)} structure{measuringItems.length > 1 ? 's' : ''} du réseau :{' '}
              {measuringItems.map((m) => m.name ?? m.organisationId).join(', ')}.
            </p>
          )}
        </section>
      ) : null}
      <FormProvider {...form}>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choix des résultats">
          {coordinator ? (
            // Until one is chosen, the first organisation that measures (its list may come after the directory's).
            <SelectField
              path="organisationId"
              label="Structure"
              value={organisationId}
              onChange={(v) => {
                form.setValue('organisationId', v);
                form.setValue('siteId', '');
              }}
              options={organisations.map((o) => [o.id, o.name] as const)}
            />
          ) : null}
          <FormSelect name="siteId" label="Lieu" placeholder="Tous les lieux" options={sites.map((s) => [s.id, s.name] as const)} />
          <div className="field-row">
            <FormText name="from" label="Du" type="date" />
            <FormText name="to" label="Au" type="date" />
          </div>
        </form>
      </FormProvider>
      {path ? <Results key={path} path={path} /> : organisationId ? null : <p>Choisissez une structure.</p>}
    </>
  );
}
