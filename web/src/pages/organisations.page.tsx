import { useId, useMemo, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { isCoordinator } from '../auth/permissions';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { DataTable } from '../components/data-table';
import { fold, formatDate, organisationKindLabel } from '../labels';
import { links } from '../router';

/** The organisations of the network: who they are, whether they signed the charter, their sites. */
export function OrganisationsPage() {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { data, reload } = useDirectory();
  const [text, setText] = useState('');
  const [type, setType] = useState('');
  const [membersOnly, setMembersOnly] = useState(false);
  const ids = { text: useId(), type: useId(), members: useId() };

  const siteCounts = useMemo(() => {
    const counts = new Map<string, number>();
    if (data.status === 'ready') for (const site of data.sites) counts.set(site.organisationId, (counts.get(site.organisationId) ?? 0) + 1);
    return counts;
  }, [data]);

  const types = useMemo(
    () =>
      data.status === 'ready'
        ? [...new Set(data.organisations.map((o) => o.type))]
            .map((t) => [t, organisationKindLabel(t)] as const)
            .sort((a, b) => a[1].localeCompare(b[1], 'fr'))
        : [],
    [data],
  );

  const shown = useMemo(() => {
    if (data.status !== 'ready') return [];
    const words = fold(text).split(/\s+/).filter(Boolean);
    return data.organisations.filter(
      (o) =>
        (!type || o.type === type) &&
        (!membersOnly || o.networkMember) &&
        words.every((word) => fold(`${o.name} ${organisationKindLabel(o.type)}`).includes(word)),
    );
  }, [data, text, type, membersOnly]);

  return (
    <>
      <PageHeading title="Structures du réseau" />
      <p className="lead">Les structures engagées dans le réseau du premier accueil : identité, charte, contacts, lieux et services.</p>
      {isCoordinator(me) ? (
        <p>
          <a className="button" href={links.newOrganisation()} data-testid="edit-action">
            Ajouter une structure
          </a>
        </p>
      ) : null}

      {data.status === 'loading' ? <Loading>Chargement des structures…</Loading> : null}
      {data.status === 'failed' ? (
        <ErrorNotice onRetry={reload}>Les structures n’ont pas pu être chargées : {data.message}</ErrorNotice>
      ) : null}

      {data.status === 'ready' ? (
        <>
          <search>
            <form className="filters card" aria-label="Filtrer les structures" onSubmit={(e) => e.preventDefault()}>
              <div className="field">
                <label htmlFor={ids.text}>Rechercher</label>
                <input id={ids.text} type="search" value={text} onChange={(e) => setText(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={ids.type}>Type de structure</label>
                <select id={ids.type} value={type} onChange={(e) => setType(e.target.value)}>
                  <option value="">Tous les types</option>
                  {types.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field field--checkbox">
                <input id={ids.members} type="checkbox" checked={membersOnly} onChange={(e) => setMembersOnly(e.target.checked)} />
                <label htmlFor={ids.members}>Membres du réseau seulement</label>
              </div>
            </form>
          </search>
          <p className="result-count" role="status" aria-live="polite">
            {shown.length} structure{shown.length > 1 ? 's' : ''} sur {data.organisations.length}
          </p>
          <DataTable caption="Structures" columns={['Structure', 'Type', 'Réseau', 'Charte', 'Lieux']} testId="organisations-table" scrolls>
            {shown.map((organisation) => (
              <tr key={organisation.id} data-testid="organisation-row">
                <th scope="row">
                  <a href={links.organisation(organisation.id)}>{organisation.name}</a>
                </th>
                <td>{organisationKindLabel(organisation.type)}</td>
                <td>{organisation.networkMember ? 'Membre' : 'Non membre'}</td>
                <td>{organisation.charter ? `Signée le ${formatDate(organisation.charter.signedOn)}` : 'Non signée'}</td>
                <td>{siteCounts.get(organisation.id) ?? 0}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : null}
    </>
  );
}
