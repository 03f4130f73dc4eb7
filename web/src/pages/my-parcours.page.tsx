/**
 * `#/mes-parcours`: the parcours the user is a member of — the person, the référent, where the
 * plan stands (open and overdue actions). A parcours is opened from the person's record.
 */
import { useId } from 'react';
import { useApiQuery } from '../api/queries';
import type { Page, PersonHistory } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { formatDateTime, personName } from '../labels';
import { PARCOURS_STATUS_BADGE, PARCOURS_STATUS_LABEL, type ParcoursSummary } from '../parcours/parcours-types';
import { links } from '../router';

/** The person's name, from intake (an audited read, « accompagnement » for a parcours member, set by the server); null while unknown. */
export function usePersonName(personId: string | null): { status: 'loading' | 'ready' | 'unavailable'; name: string | null } {
  const { state } = useApiQuery<PersonHistory>(personId ? `/api/persons/${personId}/history` : null);
  if (state.status === 'ready' && !state.value.restricted) return { status: 'ready', name: personName(state.value.person) };
  return { status: state.status === 'loading' ? 'loading' : 'unavailable', name: null };
}

export function PersonName({ personId }: { personId: string }) {
  return <PersonNameText person={usePersonName(personId)} />;
}

export function PersonNameText({ person }: { person: ReturnType<typeof usePersonName> }) {
  if (person.name) return <>{person.name}</>;
  if (person.status === 'loading') return <span className="muted">…</span>;
  return <span className="muted">Personne (fiche non accessible)</span>;
}

export function MyParcoursPage() {
  const { state, reload } = useApiQuery<Page<ParcoursSummary>>('/api/parcours?mine=true&limit=200');
  const { data } = useDirectory();
  const organisationName = (id: string) => (data.status === 'ready' ? data.organisationName(id) : '');
  const captionId = useId();
  return (
    <>
      <PageHeading title="Mes parcours" />
      <p>
        Les accompagnements dont vous êtes membre. Pour ouvrir un parcours, partez de la fiche de la personne : elle choisit son référent et
        accepte le partage entre les membres.
      </p>
      {state.status === 'loading' ? <Loading>Chargement de vos parcours…</Loading> : null}
      {state.status === 'failed' ? <ErrorNotice onRetry={reload}>{state.message}</ErrorNotice> : null}
      {state.status === 'ready' && state.value.items.length === 0 ? <p>Vous n’êtes membre d’aucun parcours pour le moment.</p> : null}
      {state.status === 'ready' && state.value.items.length > 0 ? (
        <div className="table-wrapper">
          <table className="table" data-testid="my-parcours" aria-describedby={captionId}>
            <caption id={captionId} className="visually-hidden">
              Parcours dont vous êtes membre
            </caption>
            <thead>
              <tr>
                <th scope="col">Personne</th>
                <th scope="col">Référent</th>
                <th scope="col">État</th>
                <th scope="col">Actions en cours</th>
                <th scope="col">Ouvert le</th>
              </tr>
            </thead>
            <tbody>
              {state.value.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={links.parcours(p.id)}>
                      <PersonName personId={p.personId} />
                    </a>
                  </td>
                  <td>
                    {p.referent.name}
                    <span className="muted"> — {organisationName(p.referent.organisationId)}</span>
                  </td>
                  <td>
                    <span className={`badge ${PARCOURS_STATUS_BADGE[p.status]}`}>{PARCOURS_STATUS_LABEL[p.status]}</span>
                  </td>
                  <td>
                    {p.openActions}
                    {p.overdueActions > 0 ? <span className="badge badge--urgent"> dont {p.overdueActions} en retard</span> : null}
                  </td>
                  <td>{formatDateTime(p.openedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
