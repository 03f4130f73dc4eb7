/**
 * `#/territoires` (coordination): the territories (STS) and where the référent approach is
 * deployed, with the share of the population living in those territories (populations from
 * the coverage computation). The coordinator declares a territory deployed, or not, here.
 */
import { ApiError } from '../api/http';
import { useApiMutation, useApiQuery } from '../api/queries';
import type { Coverage } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { DataTable } from '../components/data-table';
import { isCoordinator } from '../auth/permissions';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { formatDate, formatPercent } from '../labels';
import { parisToday, type Territory } from '../parcours/parcours-types';

interface TerritoryRow extends Territory {
  version: number;
}

export function TerritoriesPage() {
  const { state: auth } = useAuth();
  const me = auth.status === 'signed-in' ? auth.me : null;
  const allowed = isCoordinator(me);
  const { state, reload } = useApiQuery<{ items: TerritoryRow[] }>('/api/territories');
  const { state: coverage } = useApiQuery<Coverage>(allowed ? '/api/coverage' : null);
  const toggling = useApiMutation(
    (api, t: TerritoryRow) =>
      api.patch(
        `/api/territories/${t.id}`,
        t.referentDeployed
          ? { version: t.version, referentDeployed: false, deployedOn: null }
          : { version: t.version, referentDeployed: true, deployedOn: parisToday() },
      ),
    { invalidates: () => [['territories']], focusOnProblem: false },
  );
  const toggled = toggling.result === undefined ? undefined : toggling.variables;
  const notice = toggled
    ? toggled.referentDeployed
      ? `${toggled.name} : démarche référent retirée.`
      : `${toggled.name} : démarche référent déployée.`
    : null;
  const problem =
    toggling.failure instanceof ApiError && toggling.failure.status === 409
      ? `${toggling.failure.message} La liste vient d’être rechargée.`
      : toggling.error;

  if (state.status === 'loading') {
    return (
      <>
        <PageHeading title="Territoires" />
        <Loading>Chargement des territoires…</Loading>
      </>
    );
  }
  if (state.status === 'failed') {
    return (
      <>
        <PageHeading title="Territoires" />
        <ErrorNotice onRetry={reload}>{state.message}</ErrorNotice>
      </>
    );
  }
  const territories = state.value.items;
  const population = new Map(coverage.status === 'ready' ? coverage.value.communes.map((c) => [c.code, c.population]) : []);
  const populationOf = (t: Territory) => t.communeCodes.reduce((sum, code) => sum + (population.get(code) ?? 0), 0);
  const total = coverage.status === 'ready' ? coverage.value.populationTotal : 0;
  const deployed = territories.filter((t) => t.referentDeployed).reduce((sum, t) => sum + populationOf(t), 0);

  const toggle = (t: TerritoryRow) =>
    toggling.run(t, {
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) reload();
      },
    });

  return (
    <>
      <PageHeading title="Territoires" />
      <p>
        Les territoires d’action sociale et le déploiement progressif de la démarche « référent de parcours ». Un parcours est rattaché au
        territoire où vit la personne.
      </p>
      {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
      {problem ? <ErrorNotice>{problem}</ErrorNotice> : null}
      {allowed && coverage.status === 'ready' && total > 0 ? (
        <p className="notice notice--info" data-testid="deployment-share">
          Part de la population vivant dans un territoire où la démarche est déployée : <strong>{formatPercent(deployed / total)}</strong> (
          {deployed.toLocaleString('fr-FR')} habitants sur {total.toLocaleString('fr-FR')}).
        </p>
      ) : null}
      <DataTable
        caption="Territoires et déploiement de la démarche référent"
        hiddenCaption
        columns={['Territoire', 'Communes', population.size ? 'Population' : null, 'Démarche référent', allowed ? 'Action' : null]}
        testId="territories"
      >
        {territories.map((t) => (
          <tr key={t.id}>
            <td>{t.name}</td>
            <td>{t.communeCodes.length}</td>
            {population.size ? <td>{populationOf(t).toLocaleString('fr-FR')}</td> : null}
            <td>
              {t.referentDeployed ? (
                <span className="badge badge--success">Déployée{t.deployedOn ? ` depuis le ${formatDate(t.deployedOn)}` : ''}</span>
              ) : (
                <span className="badge badge--neutral">Pas encore</span>
              )}
            </td>
            {allowed ? (
              <td>
                <button type="button" className="button button--secondary button--small" onClick={() => toggle(t)}>
                  {t.referentDeployed ? 'Retirer le déploiement' : 'Déclarer déployée'}
                  <span className="visually-hidden"> : {t.name}</span>
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </DataTable>
    </>
  );
}
