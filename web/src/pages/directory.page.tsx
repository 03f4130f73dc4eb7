import { useId, useMemo, useState } from 'react';
import type { Site } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { editableOrganisationIds } from '../auth/permissions';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, UnconditionalBadge } from '../components/status';
import { OpeningHours, ThemeList } from '../components/theme-list';
import { useDirectory } from '../directory/directory-data';
import { DataTable } from '../components/data-table';
import { fold, formatOpeningHours, offersTheme, THEME_TREE, themeCategory } from '../labels';
import { links } from '../router';

interface Filters {
  text: string;
  theme: string;
  organisationId: string;
  unconditionalOnly: boolean;
  /** `name`, or `quality`: the entries to complete first (lowest score). */
  sort: 'name' | 'quality';
}

const NO_FILTER: Filters = { text: '', theme: '', organisationId: '', unconditionalOnly: false, sort: 'name' };

function matches(site: Site, organisationName: string, filters: Filters): boolean {
  if (filters.unconditionalOnly && !site.unconditionalReception) return false;
  if (filters.organisationId && site.organisationId !== filters.organisationId) return false;
  if (filters.theme && !offersTheme(site.themes, filters.theme)) return false;
  const words = fold(filters.text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold([site.name, site.address, site.communeCode, organisationName].join(' '));
  return words.every((word) => haystack.includes(word));
}

const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);

const SITE_COLUMNS = ['Lieu', 'Structure', 'Code commune', 'Adresse', 'Horaires', 'Thématiques', 'Qualité de la fiche'];

export function DirectoryPage() {
  const { data, reload } = useDirectory();
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const canAddSite = data.status === 'ready' && editableOrganisationIds(me, data.organisations).length > 0;
  const [filters, setFilters] = useState<Filters>(NO_FILTER);
  const ids = { text: useId(), theme: useId(), organisation: useId(), unconditional: useId(), sort: useId() };

  const themeOptions = useMemo(() => {
    if (data.status !== 'ready') return [];
    const offered = new Set(data.sites.flatMap((site) => site.themes));
    const offeredCategories = new Set([...offered].map(themeCategory));
    return THEME_TREE.filter((group) => offeredCategories.has(group.category)).map((group) => ({
      ...group,
      themes: group.themes.filter(([id]) => offered.has(id)),
    }));
  }, [data]);

  const organisationsWithSites = useMemo(() => {
    if (data.status !== 'ready') return [];
    const withSites = new Set(data.sites.map((site) => site.organisationId));
    return data.organisations.filter((organisation) => withSites.has(organisation.id));
  }, [data]);

  const shown = useMemo(() => {
    if (data.status !== 'ready') return [];
    const found = data.sites.filter((site) => matches(site, data.organisationName(site.organisationId), filters));
    // The directory is read sorted by name: a stable sort keeps that order among equal scores.
    return filters.sort === 'quality' ? [...found].sort((a, b) => a.quality.score - b.quality.score) : found;
  }, [data, filters]);

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  return (
    <>
      <PageHeading title="Annuaire" />
      <p className="lead">Les lieux d’accueil du réseau, leurs structures, horaires et thématiques.</p>
      {canAddSite ? (
        <p>
          <a className="button button--secondary" href={links.newSite()} data-testid="edit-action">
            Ajouter un lieu
          </a>
        </p>
      ) : null}

      {data.status === 'loading' ? <Loading>Chargement de l’annuaire…</Loading> : null}
      {data.status === 'failed' ? <ErrorNotice onRetry={reload}>L’annuaire n’a pas pu être chargé : {data.message}</ErrorNotice> : null}

      {data.status === 'ready' ? (
        <>
          <search>
            <form className="filters card" aria-label="Filtrer les lieux d’accueil" onSubmit={(e) => e.preventDefault()}>
              <div className="field">
                <label htmlFor={ids.text}>Rechercher</label>
                <span className="hint" id={`${ids.text}-hint`}>
                  Nom du lieu, adresse, code commune ou structure
                </span>
                <input
                  id={ids.text}
                  type="search"
                  aria-describedby={`${ids.text}-hint`}
                  value={filters.text}
                  onChange={(e) => set('text', e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor={ids.theme}>Thématique</label>
                <select id={ids.theme} value={filters.theme} onChange={(e) => set('theme', e.target.value)}>
                  <option value="">Toutes les thématiques</option>
                  {themeOptions.map((group) => (
                    <optgroup key={group.category} label={group.label}>
                      <option value={group.category}>{group.label} (toute la thématique)</option>
                      {group.themes.map(([id, label]) => (
                        <option key={id} value={id}>
                          {label}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.organisation}>Structure</label>
                <select id={ids.organisation} value={filters.organisationId} onChange={(e) => set('organisationId', e.target.value)}>
                  <option value="">Toutes les structures</option>
                  {organisationsWithSites.map((organisation) => (
                    <option key={organisation.id} value={organisation.id}>
                      {organisation.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field field--checkbox">
                <input
                  id={ids.unconditional}
                  type="checkbox"
                  checked={filters.unconditionalOnly}
                  onChange={(e) => set('unconditionalOnly', e.target.checked)}
                />
                <label htmlFor={ids.unconditional}>Accueil inconditionnel seulement</label>
              </div>
              <div className="field">
                <label htmlFor={ids.sort}>Trier</label>
                <select id={ids.sort} value={filters.sort} onChange={(e) => set('sort', e.target.value === 'quality' ? 'quality' : 'name')}>
                  <option value="name">Par nom</option>
                  <option value="quality">Par qualité de la fiche (à compléter d’abord)</option>
                </select>
              </div>
              <div className="field field--actions">
                <button type="button" className="button button--secondary" onClick={() => setFilters(NO_FILTER)}>
                  Effacer les filtres
                </button>
              </div>
            </form>
          </search>

          <p className="result-count" role="status" aria-live="polite" data-testid="result-count">
            {shown.length} {plural(shown.length, 'lieu affiché', 'lieux affichés')} sur {data.sites.length}
          </p>

          {shown.length === 0 ? (
            <p className="notice notice--info">Aucun lieu ne correspond à ces critères.</p>
          ) : (
            <DataTable caption="Lieux d’accueil du réseau" columns={SITE_COLUMNS} testId="sites-table" scrolls>
              {shown.map((site) => (
                <tr key={site.id} data-testid="site-row">
                  <th scope="row" className="site-cell">
                    <a className="site-cell__name" href={links.site(site.id)}>
                      {site.name}
                    </a>
                    {site.unconditionalReception ? <UnconditionalBadge /> : null}
                  </th>
                  <td>
                    <a href={links.organisation(site.organisationId)}>{data.organisationName(site.organisationId)}</a>
                  </td>
                  <td>{site.communeCode}</td>
                  <td>{site.address}</td>
                  <td>
                    <OpeningHours lines={formatOpeningHours(site.openingHours)} />
                  </td>
                  <td>
                    <ThemeList themes={site.themes} />
                  </td>
                  <td data-testid="quality">
                    {site.quality.score} / 100
                    {site.toVerify ? <span className="badge badge--warning">Information à vérifier</span> : null}
                    {site.quality.missing.length ? <span className="hint"> À compléter : {site.quality.missing.join(', ')}</span> : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      ) : null}
    </>
  );
}
