import { useEffect } from 'react';
import { AuthProvider, useAuth } from './auth/auth-context';
import { Layout } from './components/layout';
import { PageHeading } from './components/page-heading';
import { ErrorNotice, Loading } from './components/status';
import { DirectoryProvider } from './directory/directory-data';
import { ApiReferencePage } from './pages/api-reference.page';
import { DirectoryPage } from './pages/directory.page';
import { MapPage } from './pages/map.page';
import { NotFoundPage } from './pages/not-found.page';
import { SignInPage } from './pages/sign-in.page';
import { type RouteId, navigate, useRoute } from './router';

function SignedInPage({ route }: { route: RouteId }) {
  switch (route) {
    case 'carte':
      return <MapPage />;
    case 'api':
      return <ApiReferencePage />;
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

  // Once signed in, the sign-in route leads to the directory.
  useEffect(() => {
    if (signedIn && route === 'connexion') navigate('annuaire');
  }, [signedIn, route]);

  if (state.status === 'loading') {
    return (
      <Layout route={route} me={null} onSignOut={signOut}>
        <Loading>Chargement de Relais…</Loading>
      </Layout>
    );
  }
  if (state.status === 'failed') {
    return (
      <Layout route={route} me={null} onSignOut={signOut}>
        <PageHeading title="Service indisponible" />
        <ErrorNotice onRetry={() => window.location.reload()}>{state.message}</ErrorNotice>
      </Layout>
    );
  }
  if (state.status === 'signed-out') {
    // The API reference is public; every other page needs a signed-in user.
    return (
      <Layout route={route} me={null} onSignOut={signOut}>
        {route === 'api' ? <ApiReferencePage /> : <SignInPage config={state.config} notice={state.notice} />}
      </Layout>
    );
  }
  return (
    <Layout route={route} me={state.me} onSignOut={() => signOut()}>
      <DirectoryProvider key={state.session.token}>
        <SignedInPage route={route} />
      </DirectoryProvider>
    </Layout>
  );
}

export function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}
