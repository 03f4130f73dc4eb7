/**
 * The route table of the signed-in application: TanStack Router, code-based, on hash history
 * (`#/structures/01K…`, ADR 21). Each route names its page (`page`, which the menu marks) and
 * who may open it (`access`): the API reference is public, every other page needs a signed-in
 * user (a visitor gets the sign-in page), and the pages for some roles say to the others why
 * they cannot see them (`coordinationOnly`, `fieldOnly`). A record's id and
 * a link's token are checked before the page loads; an address that matches nothing, or a
 * malformed id, shows « Page introuvable ».
 */
import {
  createHashHistory,
  createRootRoute,
  createRoute,
  createRouter,
  notFound,
  Outlet,
  redirect,
  RouterProvider,
  useMatches,
  useParams,
  useSearch,
} from '@tanstack/react-router';
import { type ComponentType, lazy, type ReactNode, Suspense, useEffect } from 'react';
import type { Me } from './api/types';
import { useAuth } from './auth/auth-context';
import { isAdmin, isCoordinator, isFieldWorker } from './auth/permissions';
import { Layout } from './components/layout';
import { PageHeading, requestHeadingFocus } from './components/page-heading';
import { ErrorNotice, Loading } from './components/status';
import { NotFoundPage } from './pages/not-found.page';
import { SignInPage } from './pages/sign-in.page';
import { attachNavigator, homeOf, LINK_TOKEN, navigate, RECORD_ID, type RouteId } from './router';

/**
 * Each page is its own chunk, loaded when it is first shown (issue 19): the sign-in page and
 * the first screen download only the shell, not every screen of the application.
 */
function lazyPage<P>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}
const ApiReferencePage = lazyPage(() => import('./pages/api-reference.page').then((m) => m.ApiReferencePage));
const CloseParcoursPage = lazyPage(() => import('./pages/close-parcours.page').then((m) => m.CloseParcoursPage));
const CoveragePage = lazyPage(() => import('./pages/coverage.page').then((m) => m.CoveragePage));
const DirectoryPage = lazyPage(() => import('./pages/directory.page').then((m) => m.DirectoryPage));
const ImportExportPage = lazyPage(() => import('./pages/import-export.page').then((m) => m.ImportExportPage));
const IndicatorsPage = lazyPage(() => import('./pages/indicators.page').then((m) => m.IndicatorsPage));
const MapPage = lazyPage(() => import('./pages/map.page').then((m) => m.MapPage));
const MyParcoursPage = lazyPage(() => import('./pages/my-parcours.page').then((m) => m.MyParcoursPage));
const NetworkEventsPage = lazyPage(() => import('./pages/network-events.page').then((m) => m.NetworkEventsPage));
const OpenParcoursPage = lazyPage(() => import('./pages/open-parcours.page').then((m) => m.OpenParcoursPage));
const OrganisationPage = lazyPage(() => import('./pages/organisation.page').then((m) => m.OrganisationPage));
const OrganisationFormPage = lazyPage(() => import('./pages/organisation-form.page').then((m) => m.OrganisationFormPage));
const OrganisationsPage = lazyPage(() => import('./pages/organisations.page').then((m) => m.OrganisationsPage));
const ParcoursPage = lazyPage(() => import('./pages/parcours.page').then((m) => m.ParcoursPage));
const PersonPage = lazyPage(() => import('./pages/person.page').then((m) => m.PersonPage));
const PersonsPage = lazyPage(() => import('./pages/persons.page').then((m) => m.PersonsPage));
const ReceptionPage = lazyPage(() => import('./pages/reception.page').then((m) => m.ReceptionPage));
const ReferralPage = lazyPage(() => import('./pages/referral.page').then((m) => m.ReferralPage));
const ReferralFormPage = lazyPage(() => import('./pages/referral-form.page').then((m) => m.ReferralFormPage));
const ReferralsPage = lazyPage(() => import('./pages/referrals.page').then((m) => m.ReferralsPage));
const ServicePage = lazyPage(() => import('./pages/service.page').then((m) => m.ServicePage));
const SitePage = lazyPage(() => import('./pages/site.page').then((m) => m.SitePage));
const SurveysPage = lazyPage(() => import('./pages/surveys.page').then((m) => m.SurveysPage));
const TerritoriesPage = lazyPage(() => import('./pages/territories.page').then((m) => m.TerritoriesPage));
const ReferralsAtRiskPage = lazyPage(() => import('./pages/referrals-at-risk.page').then((m) => m.ReferralsAtRiskPage));
const AvailabilityPage = lazyPage(() => import('./appointments/availability.page').then((m) => m.AvailabilityPage));
const SiteAgendaPage = lazyPage(() => import('./appointments/site-agenda.page').then((m) => m.SiteAgendaPage));
const AppointmentSlipPage = lazyPage(() => import('./appointments/appointment-slip.page').then((m) => m.AppointmentSlipPage));
const PendingAccountsPage = lazyPage(() => import('./pages/pending-accounts.page').then((m) => m.PendingAccountsPage));
const ReviewCampaignsPage = lazyPage(() => import('./pages/review-campaigns.page').then((m) => m.ReviewCampaignsPage));
const FlaggedEntriesPage = lazyPage(() => import('./pages/flagged-entries.page').then((m) => m.FlaggedEntriesPage));
const AccessLogPage = lazyPage(() => import('./pages/access-log.page').then((m) => m.AccessLogPage));

/** A page for some roles only: who may open it, and what the others read instead. */
interface RoleGate {
  allows: (me: Me | null) => boolean;
  /** The heading of the refusal: the page's own title. */
  title: string;
  refusal: string;
}

/** Who may open a page: anyone (`public`), any signed-in user (`signed-in`), or some roles. */
type Access = 'public' | 'signed-in' | RoleGate;

declare module '@tanstack/router-core' {
  interface StaticDataRouteOption {
    /** The page's id: the menu marks its entry as current. */
    page?: RouteId;
    /** Without it, any signed-in user; a visitor gets the sign-in page instead of a non-public page. */
    access?: Access;
  }
}

const coordinationOnly = (title: string): RoleGate => ({
  allows: isCoordinator,
  title,
  refusal: 'Cette page est réservée à la coordination du réseau.',
});
const adminOnly = (title: string): RoleGate => ({
  allows: isAdmin,
  title,
  refusal: 'Cette page est réservée aux administrateurs.',
});
const fieldOnly = (title: string, what: string): RoleGate => ({
  allows: isFieldWorker,
  title,
  refusal: `Seuls les agents d’accueil, les travailleurs sociaux et les partenaires ${what}.`,
});

/** The query after the path (`#/lieux/nouveau?structure=01K…`), as plain strings. */
type Query = Readonly<Record<string, string | undefined>>;

const useQuery = (): Query => useSearch({ strict: false }) as Query;
const useRecordId = (): string => (useParams({ strict: false }) as { id?: string }).id ?? '';

/** Where the user stands: the page of the deepest match, « introuvable » when nothing matched. */
function useCurrentPage(): { page: RouteId; access: Access } {
  const matches = useMatches();
  const leaf = matches[matches.length - 1];
  const notFoundShown = matches.some((m) => m.status === 'notFound' || m._notFound);
  if (notFoundShown || !leaf?.staticData.page) return { page: 'introuvable', access: 'signed-in' };
  return { page: leaf.staticData.page, access: leaf.staticData.access ?? 'signed-in' };
}

/** The header, the menu and the footer around every page; the sign-in page for a signed-in page. */
function Frame() {
  const { state, signOut } = useAuth();
  const { page, access } = useCurrentPage();
  const signedIn = state.status === 'signed-in';

  // Once signed in, the sign-in route and the bare address lead to the role's home; an address
  // that names a page (a bookmark, a link in a notification) stays that page.
  const roles = signedIn ? state.me.roles.join(',') : '';
  useEffect(() => {
    const bare = ['', '#', '#/'].includes(window.location.hash);
    if (roles && (page === 'connexion' || bare)) navigate(homeOf(roles.split(',')));
  }, [roles, page]);

  // Signing out leaves for the sign-in page: the next person to sign in lands on their own home.
  const signOutHere = () => {
    signOut();
    navigate('connexion');
  };
  let content: ReactNode;
  // A page's worth of room while the session loads: the footer stays below the fold, instead of
  // showing at the bottom of the window and being pushed away by the page (a layout shift).
  if (state.status === 'loading')
    content = (
      <div className="page-loading">
        <Loading>Chargement de Relais…</Loading>
      </div>
    );
  else if (state.status === 'failed') {
    content = (
      <>
        <PageHeading title="Service indisponible" />
        <ErrorNotice onRetry={() => window.location.reload()}>{state.message}</ErrorNotice>
      </>
    );
  } else if (state.status === 'signed-out') {
    content = access === 'public' ? <Outlet /> : <SignInPage config={state.config} notice={state.notice} />;
  } else if (typeof access === 'object' && !access.allows(state.me)) {
    content = (
      <>
        <PageHeading title={access.title} />
        <ErrorNotice>{access.refusal}</ErrorNotice>
      </>
    );
  } else content = <Outlet />;
  return (
    <Layout route={page} me={signedIn ? state.me : null} onSignOut={signOutHere}>
      <Suspense
        fallback={
          <div className="page-loading">
            <Loading>Chargement de la page…</Loading>
          </div>
        }
      >
        {content}
      </Suspense>
    </Layout>
  );
}

/** The sign-in page is what Frame shows a visitor; a signed-in user here is on the way to their home. */
const Nothing = () => null;

/** A referral's signed link is its own application (main.tsx), without sign-in or menu. */
function ReferralLinkReload() {
  useEffect(() => window.location.reload(), []);
  return null;
}

const rootRoute = createRootRoute({ component: Frame, notFoundComponent: NotFoundPage });

/** A page without parameter. */
const simple = (path: string, page: RouteId, Page: (props: object) => ReactNode, access?: Access) =>
  createRoute({ getParentRoute: () => rootRoute, path, staticData: { page, access }, component: Page });

/** A record's page: its id is checked before it loads; the page starts afresh for another record. */
const record = (path: string, page: RouteId, Page: (props: { id: string }) => ReactNode) =>
  createRoute({
    getParentRoute: () => rootRoute,
    path,
    staticData: { page },
    beforeLoad: ({ params }) => {
      if (!RECORD_ID.test((params as { id: string }).id)) throw notFound();
    },
    component: function RecordRoute() {
      const id = useRecordId();
      return <Page key={id} id={id} />;
    },
  });

/** A page read from its query (`?structure=…`); it starts afresh when the query changes. */
const queried = (path: string, page: RouteId, render: (query: Query) => ReactNode, access?: Access) =>
  createRoute({
    getParentRoute: () => rootRoute,
    path,
    staticData: { page, access },
    component: function QueriedRoute() {
      return <>{render(useQuery())}</>;
    },
  });

const box = (value: string | undefined) => (value === 'recues' || value === 'envoyees' ? value : null);

const routeTree = rootRoute.addChildren([
  simple('/', 'annuaire', DirectoryPage),
  simple('/connexion', 'connexion', Nothing),
  simple('/annuaire', 'annuaire', DirectoryPage),
  simple('/structures', 'structures', OrganisationsPage),
  simple('/structures/nouvelle', 'structure-nouvelle', OrganisationFormPage),
  record('/structures/$id', 'structure', OrganisationPage),
  record('/structures/$id/modifier', 'structure-modifier', OrganisationFormPage),
  record('/lieux/$id', 'lieu', SitePage),
  record('/lieux/$id/rendez-vous', 'lieu-disponibilites', AvailabilityPage),
  record('/lieux/$id/agenda', 'lieu-agenda', SiteAgendaPage),
  queried('/lieux/nouveau', 'lieu-nouveau', (q) => <SitePage key={`nouveau-${q.structure}`} organisationId={q.structure} />),
  record('/services/$id', 'service', ServicePage),
  queried('/services/nouveau', 'service-nouveau', (q) => <ServicePage key={`nouveau-${q.structure}`} organisationId={q.structure} />),
  simple('/carte', 'carte', MapPage),
  simple('/couverture', 'couverture', CoveragePage, coordinationOnly('Couverture du territoire')),
  simple('/indicateurs', 'indicateurs', IndicatorsPage, coordinationOnly('Indicateurs')),
  simple('/reseau', 'reseau', NetworkEventsPage),
  simple('/echanges', 'echanges', ImportExportPage, coordinationOnly('Import et export de l’annuaire')),
  simple('/api', 'api', ApiReferencePage, 'public'),
  queried(
    '/accueil',
    'accueil',
    (q) => <ReceptionPage key={q.personne ?? 'anonyme'} personId={q.personne} />,
    fieldOnly('Nouvel accueil', 'enregistrent des accueils'),
  ),
  simple('/personnes', 'personnes', PersonsPage, fieldOnly('Personnes', 'consultent les fiches des personnes')),
  record('/personnes/$id', 'personne', PersonPage),
  queried(
    '/orientations',
    'orientations',
    (q) => <ReferralsPage key={q.boite ?? ''} box={box(q.boite)} status={q.statut ?? null} />,
    fieldOnly('Orientations', 'envoient et reçoivent des orientations'),
  ),
  queried(
    '/orientations/nouvelle',
    'orientation-nouvelle',
    (q) => (
      <ReferralFormPage
        key={new URLSearchParams(q as Record<string, string>).toString()}
        receptionId={q.accueil}
        personId={q.personne}
        themes={(q.themes ?? '').split(',').filter(Boolean)}
      />
    ),
    fieldOnly('Orienter une personne', 'orientent des personnes'),
  ),
  record('/orientations/$id', 'orientation', ReferralPage),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/orientations/$id/convocation',
    staticData: { page: 'convocation' },
    beforeLoad: ({ params }) => {
      if (!RECORD_ID.test(params.id)) throw notFound();
    },
    component: function AppointmentSlipRoute() {
      const id = useRecordId();
      const { rdv } = useQuery();
      return <AppointmentSlipPage key={`${id}-${rdv ?? ''}`} id={id} appointmentId={rdv && RECORD_ID.test(rdv) ? rdv : undefined} />;
    },
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/orientation/$token',
    staticData: { page: 'lien-orientation', access: 'public' },
    beforeLoad: ({ params }) => {
      if (!LINK_TOKEN.test(params.token)) throw notFound();
    },
    component: ReferralLinkReload,
  }),
  simple('/enquetes', 'enquetes', SurveysPage),
  simple('/mes-parcours', 'mes-parcours', MyParcoursPage),
  queried('/parcours/nouveau', 'parcours-nouveau', (q) => <OpenParcoursPage key={q.personne} personId={q.personne} />),
  record('/parcours/$id', 'parcours', ParcoursPage),
  record('/parcours/$id/cloturer', 'parcours-cloture', CloseParcoursPage),
  simple('/territoires', 'territoires', TerritoriesPage),
  simple('/acces', 'acces', AccessLogPage, coordinationOnly('Accès exceptionnels')),
  simple('/orientations-en-souffrance', 'orientations-en-souffrance', ReferralsAtRiskPage, coordinationOnly('Orientations en souffrance')),
  simple('/comptes', 'comptes', PendingAccountsPage, adminOnly('Comptes en attente')),
  simple('/campagnes', 'campagnes', ReviewCampaignsPage, coordinationOnly('Campagnes de mise à jour')),
  simple('/informations-a-verifier', 'informations-a-verifier', FlaggedEntriesPage, coordinationOnly('Informations à vérifier')),
  // The address the exceptional-access notice sends (services/intake/notifications).
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/acces-exceptionnels',
    beforeLoad: () => {
      throw redirect({ to: '/acces', replace: true });
    },
  }),
]);

/** The query as `URLSearchParams` reads and writes it: every value a string, as before the router. */
const parseSearch = (search: string): Record<string, string> => Object.fromEntries(new URLSearchParams(search));
const stringifySearch = (search: Record<string, unknown>): string => {
  const text = new URLSearchParams(
    Object.entries(search).flatMap(([key, value]) => (value === undefined || value === null ? [] : [[key, String(value)]])),
  ).toString();
  return text ? `?${text}` : '';
};

export const router = createRouter({
  routeTree,
  history: createHashHistory(),
  parseSearch,
  stringifySearch,
  defaultNotFoundComponent: NotFoundPage,
});

attachNavigator((path) => {
  void router.navigate({ href: path });
});

// Another page: its heading takes the focus (the first load keeps the browser's own order).
router.subscribe('onBeforeNavigate', (event) => {
  if (event.fromLocation && event.hrefChanged) requestHeadingFocus();
});

export function Routes() {
  return <RouterProvider router={router} />;
}
