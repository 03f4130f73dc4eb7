import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { newQueryClient } from './api/queries';
import type { Me } from './api/types';
import { AuthProvider, type AuthState, useAuth } from './auth/auth-context';
import { Layout } from './components/layout';
import { PageHeading } from './components/page-heading';
import { ErrorNotice, Loading } from './components/status';
import { ApiReferencePage } from './pages/api-reference.page';
import { CloseParcoursPage } from './pages/close-parcours.page';
import { CoveragePage } from './pages/coverage.page';
import { DirectoryPage } from './pages/directory.page';
import { ImportExportPage } from './pages/import-export.page';
import { IndicatorsPage } from './pages/indicators.page';
import { MapPage } from './pages/map.page';
import { MyParcoursPage } from './pages/my-parcours.page';
import { NetworkEventsPage } from './pages/network-events.page';
import { NotFoundPage } from './pages/not-found.page';
import { OpenParcoursPage } from './pages/open-parcours.page';
import { OrganisationPage } from './pages/organisation.page';
import { OrganisationFormPage } from './pages/organisation-form.page';
import { OrganisationsPage } from './pages/organisations.page';
import { ParcoursPage } from './pages/parcours.page';
import { PersonPage } from './pages/person.page';
import { PersonsPage } from './pages/persons.page';
import { ReceptionPage } from './pages/reception.page';
import { ReferralPage } from './pages/referral.page';
import { ReferralFormPage } from './pages/referral-form.page';
import { type Box, ReferralsPage } from './pages/referrals.page';
import { ServicePage } from './pages/service.page';
import { SignInPage } from './pages/sign-in.page';
import { SitePage } from './pages/site.page';
import { SurveysPage } from './pages/surveys.page';
import { TerritoriesPage } from './pages/territories.page';
import { AccessLogPage } from './pages/access-log.page';
import { homeOf, navigate, type Route, useRoute } from './router';

function SignedInPage({ route }: { route: Route; me: Me }) {
  const organisationId = route.query.get('structure') ?? undefined;
  switch (route.id) {
    case 'structures':
      return <OrganisationsPage />;
    case 'structure':
      return <OrganisationPage key={route.recordId} id={route.recordId ?? ''} />;
    case 'structure-nouvelle':
      return <OrganisationFormPage />;
    case 'structure-modifier':
      return <OrganisationFormPage key={route.recordId} id={route.recordId} />;
    case 'lieu':
      return <SitePage key={route.recordId} id={route.recordId} />;
    case 'lieu-nouveau':
      return <SitePage key={`nouveau-${organisationId}`} organisationId={organisationId} />;
    case 'service':
      return <ServicePage key={route.recordId} id={route.recordId} />;
    case 'service-nouveau':
      return <ServicePage key={`nouveau-${organisationId}`} organisationId={organisationId} />;
    case 'carte':
      return <MapPage />;
    case 'couverture':
      return <CoveragePage />;
    case 'indicateurs':
      return <IndicatorsPage />;
    case 'reseau':
      return <NetworkEventsPage />;
    case 'echanges':
      return <ImportExportPage />;
    case 'api':
      return <ApiReferencePage />;
    case 'accueil': {
      const personId = route.query.get('personne') ?? undefined;
      return <ReceptionPage key={personId ?? 'anonyme'} personId={personId} />;
    }
    case 'personnes':
      return <PersonsPage />;
    case 'personne':
      return <PersonPage key={route.recordId} id={route.recordId ?? ''} />;
    case 'orientations': {
      const box = route.query.get('boite');
      return (
        <ReferralsPage
          key={box ?? ''}
          box={box === 'recues' || box === 'envoyees' ? (box as Box) : null}
          status={route.query.get('statut')}
        />
      );
    }
    case 'orientation':
      return <ReferralPage key={route.recordId} id={route.recordId ?? ''} />;
    case 'orientation-nouvelle': {
      const themes = (route.query.get('themes') ?? '').split(',').filter(Boolean);
      return (
        <ReferralFormPage
          key={route.query.toString()}
          receptionId={route.query.get('accueil') ?? undefined}
          personId={route.query.get('personne') ?? undefined}
          themes={themes}
        />
      );
    }
    case 'enquetes':
      return <SurveysPage />;
    case 'mes-parcours':
      return <MyParcoursPage />;
    case 'parcours':
      return <ParcoursPage key={route.recordId} id={route.recordId ?? ''} />;
    case 'parcours-nouveau': {
      const personId = route.query.get('personne') ?? undefined;
      return <OpenParcoursPage key={personId} personId={personId} />;
    }
    case 'parcours-cloture':
      return <CloseParcoursPage key={route.recordId} id={route.recordId ?? ''} />;
    case 'territoires':
      return <TerritoriesPage />;
    case 'acces':
      return <AccessLogPage />;
    case 'introuvable':
      return <NotFoundPage />;
    default:
      return <DirectoryPage />;
  }
}

function Shell() {
  const { state, signOut } = useAuth();
  const route = useRoute();
  const signedIn = state.status === 'signed-in';
  const token = signedIn ? state.session.token : null;
  // One cache per session: nothing read by one user is shown to the next one.
  const queryClient = useMemo(() => newQueryClient(), [token]);

  // Once signed in, the sign-in route and the bare address lead to the role's home; an address
  // that names a page (a bookmark, a link in a notification) stays that page.
  const roles = signedIn ? state.me.roles.join(',') : '';
  useEffect(() => {
    const bare = ['', '#', '#/'].includes(window.location.hash);
    if (roles && (route.id === 'connexion' || bare)) navigate(homeOf(roles.split(',')));
  }, [roles, route.id]);
  // A referral's signed link is its own application (main.tsx), without sign-in or menu.
  useEffect(() => {
    if (route.id === 'lien-orientation') window.location.reload();
  }, [route.id]);

  // Signing out leaves for the sign-in page: the next person to sign in lands on their own home.
  const signOutHere = () => {
    signOut();
    navigate('connexion');
  };
  return (
    <QueryClientProvider client={queryClient}>
      <Layout route={route.id} me={signedIn ? state.me : null} onSignOut={signOutHere}>
        <Page state={state} route={route} />
      </Layout>
    </QueryClientProvider>
  );
}

function Page({ state, route }: { state: AuthState; route: Route }) {
  switch (state.status) {
    case 'loading':
      return <Loading>Chargement de Relais…</Loading>;
    case 'failed':
      return (
        <>
          <PageHeading title="Service indisponible" />
          <ErrorNotice onRetry={() => window.location.reload()}>{state.message}</ErrorNotice>
        </>
      );
    case 'signed-out':
      // The API reference is public; every other page needs a signed-in user.
      return route.id === 'api' ? <ApiReferencePage /> : <SignInPage config={state.config} notice={state.notice} />;
    default:
      return <SignedInPage route={route} me={state.me} />;
  }
}

export default function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}
