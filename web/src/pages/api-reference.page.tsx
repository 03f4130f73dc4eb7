import { useQuery } from '@tanstack/react-query';
import { apiUrl, getJson, messageOf } from '../api/http';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { fold, roleLabel } from '../labels';
import './api-reference.css';

interface Operation {
  summary?: string;
  description?: string;
  operationId?: string;
  tags?: string[];
  deprecated?: boolean;
  'x-relais-access'?: unknown;
  'x-relais-local-only'?: unknown;
}

interface OpenApiSpec {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Row {
  method: string;
  path: string;
  operation: Operation;
}

/** `public`, `authenticated` or a list of roles (also accepted inside `{ roles: [...] }`). */
function accessText(access: unknown): string | null {
  if (access === undefined || access === null) return null;
  if (access === 'public') return 'Public, sans connexion';
  if (access === 'authenticated') return 'Tout utilisateur connecté';
  const roles = Array.isArray(access)
    ? access
    : typeof access === 'object' && Array.isArray((access as { roles?: unknown }).roles)
      ? (access as { roles: unknown[] }).roles
      : null;
  if (roles) return `Rôles : ${roles.map((r) => roleLabel(String(r))).join(', ')}`;
  return String(access);
}

/** Section titles, by service name (OpenAPI tag) or by first path segment after `/api/`. */
const GROUP_TITLES: Readonly<Record<string, string>> = {
  platform: 'Plateforme et identité',
  auth: 'Plateforme et identité',
  me: 'Plateforme et identité',
  health: 'Plateforme et identité',
  'openapi.json': 'Plateforme et identité',
  dev: 'Outils du mode local',
  directory: 'Annuaire',
  organisations: 'Annuaire',
  sites: 'Annuaire',
  coverage: 'Annuaire',
  'network-events': 'Annuaire',
  intake: 'Accueil et orientations',
  persons: 'Accueil et orientations',
  receptions: 'Accueil et orientations',
  referrals: 'Accueil et orientations',
  parcours: 'Parcours',
  surveys: 'Enquêtes de satisfaction',
  sms: 'Enquêtes de satisfaction',
  indicators: 'Indicateurs',
};

const GROUP_ORDER = [
  'Plateforme et identité',
  'Annuaire',
  'Accueil et orientations',
  'Parcours',
  'Enquêtes de satisfaction',
  'Indicateurs',
  'Outils du mode local',
];

function groupOf(row: Row): string {
  const key = row.operation.tags?.[0] ?? row.path.replace(/^\/api\//, '').split('/')[0] ?? 'api';
  return GROUP_TITLES[key] ?? key;
}

function rowsOf(spec: OpenApiSpec): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const row = { method: method.toUpperCase(), path, operation };
      const group = groupOf(row);
      groups.set(group, [...(groups.get(group) ?? []), row]);
    }
  }
  const rank = (group: string) => {
    const index = GROUP_ORDER.indexOf(group);
    return index === -1 ? GROUP_ORDER.length : index;
  };
  return new Map([...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, 'fr')));
}

const slug = (text: string) => fold(text).replace(/[^a-z0-9]+/g, '-');

export function ApiReferencePage() {
  // Public (no token): the reference is read before signing in too.
  const openapi = useQuery({
    queryKey: ['openapi'],
    queryFn: ({ signal }) => getJson<OpenApiSpec>('/api/openapi.json', undefined, signal),
  });
  const spec = openapi.data ?? null;
  const error = openapi.error ? messageOf(openapi.error) : null;

  const groups = spec ? rowsOf(spec) : null;

  return (
    <>
      <PageHeading title="Référence de l’API" />
      <p className="lead">
        Les opérations de l’API de Relais, pour les partenaires qui s’y raccordent. La description complète au format OpenAPI 3.1 est
        disponible en <a href={apiUrl('/api/openapi.json')}>JSON</a>.
      </p>
      {error ? (
        <ErrorNotice onRetry={() => void openapi.refetch()}>La description de l’API n’a pas pu être chargée : {error}</ErrorNotice>
      ) : null}
      {!spec && !error ? <Loading>Chargement de la description de l’API…</Loading> : null}
      {spec && groups ? (
        <>
          {spec.info ? (
            <p>
              {spec.info.title ?? 'API'} — version {spec.info.version ?? 'inconnue'} (OpenAPI {spec.openapi ?? '3.1'})
            </p>
          ) : null}
          {groups.size === 0 ? <p className="notice notice--info">La description ne contient aucune opération.</p> : null}
          {[...groups.entries()].map(([group, rows]) => (
            <section key={group} aria-labelledby={`api-${slug(group)}`} className="api-group">
              <h2 id={`api-${slug(group)}`}>{group}</h2>
              <ul className="operations">
                {rows.map(({ method, path, operation }) => {
                  const access = accessText(operation['x-relais-access']);
                  return (
                    <li key={`${method} ${path}`} className="operation" data-testid="api-operation">
                      <p className="operation__line">
                        <span className={`method method--${method.toLowerCase()}`}>{method}</span>{' '}
                        <code className="operation__path">{path}</code>
                        {operation.deprecated ? <span className="badge badge--warning">Obsolète</span> : null}
                        {operation['x-relais-local-only'] ? <span className="badge badge--info">Mode local seulement</span> : null}
                      </p>
                      {operation.summary ? <p className="operation__summary">{operation.summary}</p> : null}
                      {access ? <p className="operation__access">Accès : {access}</p> : null}
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </>
      ) : null}
    </>
  );
}
