/**
 * The public map (`/carte`): the unconditional reception points of the département, for anyone,
 * without signing in. It is embedded by an iframe in the département's website, so it has no
 * header or menu of its own and fits 600–800 px of height; on a phone it stacks. The list is the
 * accessible alternative to the map and says everything the map says. Only the public routes are
 * called, and never with a token.
 */
import { lazy, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { getJson, query, setApiBase } from '../api/http';
import { newQueryClient, usePublicQuery } from '../api/queries';
import type { AppConfig, CommuneSuggestion, PublicNearest, PublicSite } from '../api/types';
import { CommuneCombobox } from '../components/commune-combobox';
import { ErrorNotice, Loading, MapUnavailable } from '../components/status';
import { OpeningHours } from '../components/theme-list';
import {
  categoryLabel,
  formatOpeningHours,
  formatDate,
  formatDecimal,
  formatPhone,
  formatTravel,
  openingStatus,
  THEME_TREE,
  TRAVEL_METHOD_NOTES,
  themeCategory,
} from '../labels';
import type { PublicSelection } from '../map/public-site-map';
import { geoHref, osmDirectionsHref } from '../map/directions';
import { MapSlot } from '../map/map-slot';
import { type BasemapCollection, fetchBasemap } from '../map/basemap-data';
import { MapPreview } from '../map/map-preview';
import { serviceFacts } from './public-services';
import '../map/map.css';
import './public-map.css';

const PublicSiteMap = lazy(() => import('../map/public-site-map'));

/**
 * What a shared or embedded link keeps: the theme (`?theme=`) and « ouvert maintenant »
 * (`?ouvert=1`). Read once at load, written back (replaceState) as the visitor changes them.
 */
interface Filters {
  theme: string;
  openNow: boolean;
}

function filtersFromUrl(): Filters {
  const params = new URLSearchParams(window.location.search);
  const theme = params.get('theme') ?? '';
  return { theme: THEME_TREE.some((group) => group.category === theme) ? theme : '', openNow: params.get('ouvert') === '1' };
}

function writeFiltersToUrl({ theme, openNow }: Filters): void {
  const url = new URL(window.location.href);
  if (theme) url.searchParams.set('theme', theme);
  else url.searchParams.delete('theme');
  if (openNow) url.searchParams.set('ouvert', '1');
  else url.searchParams.delete('ouvert');
  if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
}

interface Position {
  lon: number;
  lat: number;
}

/** Straight-line distance in km (haversine): enough to sort the places around the visitor. */
function kmBetween(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

type Around = { status: 'idle' } | { status: 'asking' } | { status: 'failed'; message: string } | { status: 'ready'; position: Position };

/** The browser's position, asked only when the visitor presses « Autour de moi ». */
function locate(): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('Ce navigateur ne sait pas donner votre position.'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lon: position.coords.longitude, lat: position.coords.latitude }),
      (error) =>
        reject(
          new Error(
            error.code === error.PERMISSION_DENIED
              ? 'Vous n’avez pas autorisé l’accès à votre position.'
              : 'Votre position n’a pas pu être trouvée.',
          ),
        ),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  });
}

type Load<T> = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; value: T };

const TITLE = 'Lieux d’accueil social';

/** Same breakpoint as public-map.css (`.public-map__body` stacks below it). */
const NARROW = '(max-width: 47.99rem)';

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setMatches(list.matches);
    list.addEventListener('change', onChange);
    onChange();
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}

function OpeningBadge({ site }: { site: PublicSite }) {
  const status = openingStatus(site);
  if (!status) return null;
  return <p className={site.openNow ? 'badge badge--success' : 'badge badge--neutral'}>{status}</p>;
}

/** Categories a site offers, in words (the sub-themes fold into their category). */
const categoriesOf = (site: PublicSite): string[] =>
  [...new Set(site.themes.map(themeCategory))].map(categoryLabel).sort((a, b) => a.localeCompare(b, 'fr'));

function SiteDetails({ site }: { site: PublicSite }) {
  const categories = categoriesOf(site);
  return (
    <>
      <p className="public-site__org">{site.organisationName}</p>
      <OpeningBadge site={site} />
      <p className="public-site__address">{site.address}</p>
      <div className="public-site__hours">
        <span className="visually-hidden">Horaires : </span>
        <OpeningHours lines={formatOpeningHours(site.openingHours)} />
      </div>
      {site.phone ? (
        <p>
          <a href={`tel:${site.phone}`}>Tél. {formatPhone(site.phone)}</a>
        </p>
      ) : null}
      {site.email ? (
        <p>
          <a href={`mailto:${site.email}`}>{site.email}</a>
        </p>
      ) : null}
      <p className="public-site__directions">
        <a href={osmDirectionsHref(site)} target="_blank" rel="noopener noreferrer">
          Itinéraire (OpenStreetMap)<span className="visually-hidden"> vers {site.name}, nouvel onglet</span>
        </a>{' '}
        · <a href={geoHref(site)}>Ouvrir dans l’application de cartes</a>
      </p>
      <p>
        <span className="public-site__label">Accessibilité : </span>
        {site.accessibility || 'non renseignée'}
      </p>
      {categories.length > 0 ? (
        <p className="public-site__themes">
          <span className="public-site__label">Thématiques : </span>
          {categories.join(', ')}
        </p>
      ) : null}
      {site.services.length > 0 ? (
        <div className="public-site__services" data-testid="public-site-services">
          <p className="public-site__label">{site.services.length > 1 ? `Services (${site.services.length}) :` : 'Service :'}</p>
          <ul>
            {site.services.map((service) => (
              <li key={service.id}>
                <span className="public-service__name">{service.name}</span> — {service.summary}
                <span className="public-service__facts">{serviceFacts(service)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="public-site__updated">
        Mis à jour le {formatDate(site.lastVerifiedAt.slice(0, 10))}
        {site.toVerify ? <span className="badge badge--warning"> Information à vérifier</span> : null}
      </p>
    </>
  );
}

/**
 * True once `ready` has been painted, `delayMs` have passed and the browser is idle: the
 * interactive map (~1 MB of MapLibre, its worker, its first frames) then loads by itself, long
 * after the list and the preview, unless the visitor asked to save data (ADR 0050).
 */
function useIdleLongAfter(ready: boolean, delayMs: number): boolean {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!ready || done) return;
    const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
    if (connection?.saveData) return;
    let idle: number | undefined;
    const timer = window.setTimeout(() => {
      // Safari has no requestIdleCallback.
      const whenIdle = (window as Partial<Window>).requestIdleCallback;
      if (whenIdle) idle = whenIdle(() => setDone(true), { timeout: 2000 });
      else setDone(true);
    }, delayMs);
    return () => {
      window.clearTimeout(timer);
      if (idle !== undefined) window.cancelIdleCallback(idle);
    };
  }, [ready, done, delayMs]);
  return done;
}

/** How long after the list the interactive map loads when nobody asked for it. */
const MAP_BY_ITSELF_AFTER_MS = 5000;

/** Once per page: the settings, and the API's base address (on AWS, another origin). */
const readConfig = () =>
  getJson<AppConfig>('/config.json').then((value) => {
    setApiBase(value.apiUrl);
    return value;
  });

export default function PublicMapApp() {
  const [client] = useState(newQueryClient);
  return (
    <QueryClientProvider client={client}>
      <PublicMap />
    </QueryClientProvider>
  );
}

function PublicMap() {
  const [filters, setFilters] = useState<Filters>(filtersFromUrl);
  const { theme, openNow } = filters;
  const setTheme = (value: string) => setFilters((current) => ({ ...current, theme: value }));
  const [around, setAround] = useState<Around>({ status: 'idle' });
  const aroundHeading = useRef<HTMLParagraphElement>(null);
  const [commune, setCommune] = useState<CommuneSuggestion | null>(null);
  const [selection, setSelection] = useState<PublicSelection | null>(null);
  const [mapUnavailable, setMapUnavailable] = useState(false);
  const ids = { theme: useId(), openNow: useId(), list: 'liste-des-lieux', nearest: useId(), commune: 'commune' };

  useEffect(() => writeFiltersToUrl(filters), [filters]);

  const findAround = () => {
    setAround({ status: 'asking' });
    locate().then(
      (position) => {
        setAround({ status: 'ready', position });
        aroundHeading.current?.focus();
      },
      (error: Error) => setAround({ status: 'failed', message: error.message }),
    );
  };
  const position = around.status === 'ready' ? around.position : null;

  useEffect(() => {
    document.title = `${TITLE} — carte et liste`;
  }, []);
  const settings = useQuery({ queryKey: ['config'], queryFn: readConfig, staleTime: Number.POSITIVE_INFINITY });
  const config: Load<AppConfig> =
    settings.status === 'success'
      ? { status: 'ready', value: settings.data }
      : settings.status === 'error'
        ? { status: 'failed', message: 'Le service ne répond pas pour le moment.' }
        : { status: 'loading' };
  const configReady = config.status === 'ready';
  const listed = usePublicQuery<{ items: PublicSite[] }>(configReady ? `/api/public/sites${query({ theme })}` : null);
  // « Ouvert maintenant » keeps the places open at the time of the answer; « autour de moi » sorts by distance.
  const sites: Load<PublicSite[]> = useMemo(() => {
    if (listed.state.status !== 'ready') return listed.state;
    const kept = listed.state.value.items.filter((site) => !openNow || site.openNow === true);
    const byName = (a: PublicSite, b: PublicSite) => a.name.localeCompare(b.name, 'fr');
    const sorted = position
      ? [...kept].sort((a, b) => kmBetween(position, a.location) - kmBetween(position, b.location) || byName(a, b))
      : [...kept].sort(byName);
    return { status: 'ready', value: sorted };
  }, [listed.state, openNow, position]);
  const closest = usePublicQuery<PublicNearest>(
    configReady && commune ? `/api/public/sites/nearest${query({ commune: commune.code, limit: 3, theme })}` : null,
  );
  const nearest: Load<PublicNearest> | null = commune ? closest.state : null;

  // Drawn apart: the nearest of the chosen commune, else the three nearest around the visitor.
  const highlighted = useMemo(() => {
    if (nearest?.status === 'ready') return nearest.value.items.map((item) => item.site.id);
    if (position && sites.status === 'ready') return sites.value.slice(0, 3).map((site) => site.id);
    return [];
  }, [nearest, position, sites]);
  // The nearest points are drawn even when a theme filter left them out of the list.
  const mapSites = useMemo(() => {
    if (sites.status !== 'ready') return [];
    if (nearest?.status !== 'ready') return sites.value;
    const known = new Set(sites.value.map((s) => s.id));
    return [...sites.value, ...nearest.value.items.map((item) => item.site).filter((s) => !known.has(s.id))];
  }, [sites, nearest]);

  const showOnMap = useCallback((siteId: string, button: HTMLElement) => {
    setSelection({ siteId, nonce: Date.now(), returnFocus: button });
  }, []);

  const onMapUnavailable = useCallback(() => setMapUnavailable(true), []);
  // The static preview first; the interactive map once the visitor engages with it, or by itself long after (ADR 0050).
  const [engaged, setEngaged] = useState(false);
  const engage = useCallback((siteId?: string) => {
    setEngaged(true);
    if (siteId) setSelection({ siteId, nonce: Date.now(), returnFocus: null });
  }, []);
  const byItself = useIdleLongAfter(sites.status === 'ready', MAP_BY_ITSELF_AFTER_MS);
  const drawMap = engaged || byItself || selection !== null;
  // The outlines and main towns of the preview, fetched once the list is there (the interactive map reuses them).
  const [basemap, setBasemap] = useState<BasemapCollection | null>(null);
  const listReady = sites.status === 'ready';
  useEffect(() => {
    if (!listReady) return;
    let current = true;
    fetchBasemap().then(
      (collection) => {
        if (current) setBasemap(collection);
      },
      // No base map configured (or not reachable): the preview draws the places on the plain background.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [listReady]);
  // The preview stays until the interactive map's frame is there, then goes in the same frame (no layout shift).
  const [mapShown, setMapShown] = useState(false);
  const onMapShown = useCallback(() => setMapShown(true), []);
  const focusTheMap = useRef(false);
  const onPreviewLeftWithFocus = useCallback(() => {
    focusTheMap.current = true;
  }, []);
  const mapArea = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!mapShown || !focusTheMap.current) return;
    focusTheMap.current = false;
    // The keyboard was on « Carte interactive »: it goes on to the map itself (MapLibre's canvas, named and focusable).
    mapArea.current?.querySelector<HTMLElement>('.maplibregl-canvas')?.focus();
  }, [mapShown]);
  // On a phone the nearest points come before the map (in the page's order too, for keyboards and screen readers).
  const narrow = useMediaQuery(NARROW);
  const nearestSection = nearest ? (
    <section aria-labelledby={ids.nearest} className="public-map__nearest" data-testid="nearest">
      {nearest.status === 'loading' ? <Loading>Recherche des lieux les plus proches…</Loading> : null}
      {nearest.status === 'failed' ? <ErrorNotice>{nearest.message}</ErrorNotice> : null}
      {nearest.status === 'ready' ? (
        <>
          <h2 id={ids.nearest} tabIndex={-1}>
            Les plus proches de {nearest.value.commune.name}
          </h2>
          {nearest.value.items.length === 0 ? (
            <p>Aucun lieu trouvé{theme ? ' pour cette thématique' : ''}.</p>
          ) : (
            <ol className="public-sites public-sites--nearest">
              {nearest.value.items.map((item) => (
                <li
                  key={item.site.id}
                  className="public-site public-site--nearest"
                  data-testid="nearest-item"
                  data-commune-code={item.site.communeCode}
                  data-minutes={item.minutes}
                >
                  <h3 className="public-site__name">{item.site.name}</h3>
                  <p className="public-site__travel">
                    <strong>{formatTravel(item.minutes, item.km)}</strong>
                    {item.method === 'estimate' ? <span className="hint"> — {TRAVEL_METHOD_NOTES.estimate}</span> : null}
                  </p>
                  <SiteDetails site={item.site} />
                  {mapUnavailable ? null : (
                    <button
                      type="button"
                      className="button button--tertiary"
                      onClick={(event) => showOnMap(item.site.id, event.currentTarget)}
                    >
                      Voir sur la carte<span className="visually-hidden"> : {item.site.name}</span>
                    </button>
                  )}
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
    </section>
  ) : null;

  const styleUrl = config.status === 'ready' ? config.value.mapStyleUrl : undefined;

  return (
    <div className="public-map">
      <a className="skip-link" href={`#${ids.list}`}>
        Aller à la liste des lieux
      </a>
      <main className="public-map__main">
        <header className="public-map__header">
          <h1 className="public-map__title">{TITLE}</h1>
          <p className="public-map__lead">
            Toute personne y est reçue et écoutée, quelle que soit sa demande, puis orientée vers le bon service.
          </p>
        </header>

        {config.status === 'failed' ? <ErrorNotice onRetry={() => window.location.reload()}>{config.message}</ErrorNotice> : null}

        <search className="public-map__tools">
          <form onSubmit={(event) => event.preventDefault()} aria-label="Rechercher un lieu d’accueil">
            <div className="field">
              <label htmlFor={ids.theme}>Thématique</label>
              <select id={ids.theme} value={theme} onChange={(event) => setTheme(event.target.value)}>
                <option value="">Toutes les thématiques</option>
                {THEME_TREE.map((group) => (
                  <option key={group.category} value={group.category}>
                    {group.label}
                  </option>
                ))}
              </select>
            </div>
            <CommuneCombobox
              id={ids.commune}
              label="Trouver le lieu le plus proche de ma commune"
              hint="Tapez le nom ou le code postal, puis choisissez votre commune."
              onSelect={setCommune}
            />
            <div className="public-map__options">
              <div className="field field--checkbox">
                <input
                  id={ids.openNow}
                  type="checkbox"
                  checked={openNow}
                  onChange={(event) => {
                    const checked = event.target.checked;
                    setFilters((current) => ({ ...current, openNow: checked }));
                  }}
                />
                <label htmlFor={ids.openNow}>Ouvert maintenant</label>
              </div>
              <button type="button" className="button button--secondary" onClick={findAround} disabled={around.status === 'asking'}>
                Autour de moi
              </button>
              {position ? (
                <button type="button" className="button button--tertiary" onClick={() => setAround({ status: 'idle' })}>
                  Trier par nom
                </button>
              ) : null}
            </div>
          </form>
          {around.status === 'asking' ? <Loading>Recherche de votre position…</Loading> : null}
          {around.status === 'failed' ? (
            <ErrorNotice>{`${around.message} Vous pouvez chercher votre commune ci-dessus.`}</ErrorNotice>
          ) : null}
        </search>

        <p className="visually-hidden" role="status" aria-live="polite">
          {nearest?.status === 'ready'
            ? `${nearest.value.items.length} lieu${nearest.value.items.length > 1 ? 'x' : ''} le${nearest.value.items.length > 1 ? 's' : ''} plus proche${nearest.value.items.length > 1 ? 's' : ''} de ${nearest.value.commune.name}, en tête de la liste.`
            : ''}
        </p>

        <div className="public-map__body">
          {narrow ? nearestSection : null}
          <div className="public-map__map-area" ref={mapArea}>
            {mapUnavailable ? (
              <MapUnavailable />
            ) : sites.status === 'failed' ? null : (
              <>
                {drawMap ? (
                  <MapSlot fallback={null}>
                    <PublicSiteMap
                      {...{ highlighted, selection, styleUrl }}
                      sites={mapSites}
                      onUnavailable={onMapUnavailable}
                      onShown={onMapShown}
                    />
                  </MapSlot>
                ) : null}
                {mapShown ? null : (
                  <MapPreview
                    points={mapSites}
                    highlighted={highlighted}
                    basemap={basemap}
                    loading={drawMap}
                    onEngage={engage}
                    onLeftWithFocus={onPreviewLeftWithFocus}
                  />
                )}
              </>
            )}
            {mapUnavailable ? null : (
              <ul className="legend" aria-label="Légende de la carte">
                <li>
                  <span className="legend__dot legend__dot--unconditional" aria-hidden="true" /> Lieu d’accueil
                </li>
                {highlighted.length > 0 ? (
                  <li>
                    <span className="legend__dot legend__dot--nearest" aria-hidden="true" />{' '}
                    {nearest ? 'Lieu le plus proche de votre commune' : 'Lieu le plus proche de vous'} (grand point cerclé)
                  </li>
                ) : null}
              </ul>
            )}
          </div>

          <div className="public-map__panel">
            {narrow ? null : nearestSection}
            <section aria-labelledby={ids.list} className="public-map__list">
              {sites.status === 'loading' ? <Loading>Chargement des lieux…</Loading> : null}
              {sites.status === 'failed' ? (
                <ErrorNotice onRetry={listed.reload}>Les lieux n’ont pas pu être chargés : {sites.message}</ErrorNotice>
              ) : null}
              <h2 id={ids.list} tabIndex={-1}>
                {sites.status === 'ready'
                  ? `${openNow ? 'Lieux ouverts maintenant' : 'Tous les lieux'} (${sites.value.length})`
                  : 'Tous les lieux'}
              </h2>
              {position ? (
                <p className="public-map__sorted" ref={aroundHeading} tabIndex={-1} data-testid="around-me">
                  Du plus proche au plus loin de votre position (à vol d’oiseau).
                </p>
              ) : null}
              {sites.status === 'ready' ? (
                sites.value.length === 0 ? (
                  <p>{openNow ? 'Aucun lieu ouvert en ce moment pour ces critères.' : 'Aucun lieu pour cette thématique.'}</p>
                ) : (
                  <ul className="public-sites" data-testid="public-site-list">
                    {sites.value.map((site) => (
                      <li key={site.id} className="public-site" data-testid="public-site-item" data-site-id={site.id}>
                        <h3 className="public-site__name">{site.name}</h3>
                        {position ? (
                          <p className="public-site__travel" data-km={kmBetween(position, site.location).toFixed(3)}>
                            <strong>à {formatDecimal(kmBetween(position, site.location))} km</strong>
                          </p>
                        ) : null}
                        <SiteDetails site={site} />
                        {mapUnavailable ? null : (
                          <button
                            type="button"
                            className="button button--tertiary"
                            onClick={(event) => showOnMap(site.id, event.currentTarget)}
                          >
                            Voir sur la carte<span className="visually-hidden"> : {site.name}</span>
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                )
              ) : null}
            </section>
          </div>
        </div>
      </main>
    </div>
  );
}
