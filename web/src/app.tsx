import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { newQueryClient } from './api/queries';
import { AuthProvider, useAuth } from './auth/auth-context';
import { Routes } from './routes';

/** The signed-in application: the session, one query cache per session, the route table (routes.tsx). */
function Shell() {
  const { state } = useAuth();
  const token = state.status === 'signed-in' ? state.session.token : null;
  // One cache per session: nothing read by one user is shown to the next one.
  const queryClient = useMemo(() => newQueryClient(), [token]);
  return (
    <QueryClientProvider client={queryClient}>
      <Routes />
    </QueryClientProvider>
  );
}

export default function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}
