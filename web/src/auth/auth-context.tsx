import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { getJson, postJson, type RequestOptions, request, requestJson, setApiBase, UnauthorizedError } from '../api/http';
import type { AppConfig, CognitoConfig, DevTokenResponse, Me } from '../api/types';
import { clearFormDrafts } from '../components/form-draft';
import { requestHeadingFocus } from '../components/page-heading';
import { hrefOf } from '../router';
import { cognitoSignOutUrl, completeCognitoSignIn, isCognitoCallback, startCognitoSignIn } from './cognito';
import { clearSession, readSession, type Session, saveSession } from './session';

export type AuthState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'signed-out'; config: AppConfig; notice?: string }
  | { status: 'signed-in'; config: AppConfig; session: Session; me: Me };

interface Auth {
  state: AuthState;
  signInLocal(username: string): Promise<void>;
  signInWithCognito(): Promise<void>;
  signOut(notice?: string): void;
  /** GET with the bearer token; a 401 signs the user out and asks to sign in again. */
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  /** Any call with the bearer token, JSON in and out; a 401 signs the user out. */
  send<T>(path: string, options?: Omit<RequestOptions, 'token'>): Promise<T>;
  /** The raw answer (a download), with the bearer token. */
  fetchRaw(path: string): Promise<Response>;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

const EXPIRED = 'Votre session a expiré. Reconnectez-vous.';

async function signedIn(config: AppConfig, session: Session): Promise<AuthState> {
  const me = await getJson<Me>('/api/me', session.token);
  return { status: 'signed-in', config, session, me };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The hosted UI settings, in either shape `/config.json` may give them. */
export function cognitoConfigOf(config: AppConfig): CognitoConfig | undefined {
  if (config.cognito) return config.cognito;
  if (!config.authDomain || !config.userPoolClientId) return undefined;
  return { domain: config.authDomain, clientId: config.userPoolClientId, redirectUri: `${window.location.origin}/auth/callback` };
}

async function resolveInitialState(): Promise<AuthState> {
  let config: AppConfig;
  try {
    config = await getJson<AppConfig>('/config.json');
  } catch {
    return { status: 'failed', message: 'La configuration de Relais est introuvable : le service ne répond pas.' };
  }
  setApiBase(config.apiUrl);
  const cognito = cognitoConfigOf(config);
  try {
    if (config.mode === 'aws' && cognito && isCognitoCallback(window.location.search)) {
      const { session, returnTo } = await completeCognitoSignIn(cognito, window.location.search);
      saveSession(session);
      window.location.hash = returnTo;
    }
  } catch (error) {
    return { status: 'signed-out', config, notice: messageOf(error) };
  }
  const session = readSession();
  if (!session || session.mode !== config.mode) {
    clearSession();
    return { status: 'signed-out', config };
  }
  try {
    return await signedIn(config, session);
  } catch (error) {
    clearSession();
    return { status: 'signed-out', config, notice: error instanceof UnauthorizedError ? EXPIRED : messageOf(error) };
  }
}

/**
 * Once per page load: an authorization code can be exchanged only once, even when React
 * (StrictMode, in development) runs the effect twice.
 */
let initialising: Promise<AuthState> | null = null;
const initialState = (): Promise<AuthState> => {
  initialising ??= resolveInitialState();
  return initialising;
};

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    let cancelled = false;
    initialState().then((next) => {
      if (!cancelled) setState(next);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const signOut = useCallback((notice?: string) => {
    const current = stateRef.current;
    clearSession();
    // A deliberate sign-out forgets the forms' kept drafts; an expiry keeps them for the return.
    if (!notice) clearFormDrafts();
    if (current.status !== 'signed-in') return;
    const cognito = cognitoConfigOf(current.config);
    if (!notice && current.config.mode === 'aws' && cognito) {
      window.location.assign(cognitoSignOutUrl(cognito));
      return;
    }
    requestHeadingFocus();
    setState({ status: 'signed-out', config: current.config, notice });
  }, []);

  // The token's end is known: leave before the API starts refusing it.
  useEffect(() => {
    if (state.status !== 'signed-in') return;
    const timer = window.setTimeout(() => signOut(EXPIRED), Math.max(0, state.session.expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [state, signOut]);

  const signInLocal = useCallback(async (username: string) => {
    const current = stateRef.current;
    if (current.status !== 'signed-out') return;
    const answer = await postJson<DevTokenResponse>('/api/auth/dev/token', { username });
    const session: Session = { mode: 'local', token: answer.accessToken, expiresAt: Date.now() + answer.expiresIn * 1000 };
    const next = await signedIn(current.config, session);
    saveSession(session);
    requestHeadingFocus();
    setState(next);
  }, []);

  const signInWithCognito = useCallback(async () => {
    const current = stateRef.current;
    if (current.status !== 'signed-out') return;
    const cognito = cognitoConfigOf(current.config);
    if (!cognito) return;
    const returnTo =
      window.location.hash.startsWith('#/') && window.location.hash !== hrefOf('connexion') ? window.location.hash : hrefOf('connexion');
    await startCognitoSignIn(cognito, returnTo);
  }, []);

  /** Runs a call with the current token; a refused token ends the session. */
  const withToken = useCallback(
    async <T,>(call: (token: string) => Promise<T>): Promise<T> => {
      const current = stateRef.current;
      if (current.status !== 'signed-in') throw new UnauthorizedError();
      try {
        return await call(current.session.token);
      } catch (error) {
        if (error instanceof UnauthorizedError) signOut(EXPIRED);
        throw error;
      }
    },
    [signOut],
  );

  const get = useCallback(
    <T,>(path: string, signal?: AbortSignal): Promise<T> => withToken((token) => getJson<T>(path, token, signal)),
    [withToken],
  );
  const send = useCallback(
    <T,>(path: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> =>
      withToken((token) => requestJson<T>(path, { ...options, token })),
    [withToken],
  );
  const fetchRaw = useCallback((path: string): Promise<Response> => withToken((token) => request(path, { token })), [withToken]);

  const auth = useMemo<Auth>(
    () => ({ state, signInLocal, signInWithCognito, signOut, get, send, fetchRaw }),
    [state, signInLocal, signInWithCognito, signOut, get, send, fetchRaw],
  );
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

/** The base map's style URL from `/config.json` (AWS); absent locally. */
export function useMapStyleUrl(): string | undefined {
  const { state } = useAuth();
  return state.status === 'signed-in' || state.status === 'signed-out' ? state.config.mapStyleUrl : undefined;
}
