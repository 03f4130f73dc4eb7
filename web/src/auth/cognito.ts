/**
 * Cognito hosted UI, authorization code flow with PKCE (S256), for a public client: no
 * secret in the browser — through oidc-client-ts's `UserManager`, configured from
 * `/config.json`. The API is called with the id_token: unlike Cognito's access token, it
 * carries the user's custom attributes (role, organisation, site). The library keeps its
 * pending request (state, verifier) in sessionStorage; the session itself stays Relais's own
 * (session.ts), so that a reload, the expiry and the sign-out work as in local mode.
 * The same code serves « Mon espace »'s FranceConnect sign-in on the persons' pool
 * (web/src/espace/franceconnect.ts), with its own options (`HostedUiOptions`).
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { CognitoConfig } from '../api/types';
import type { Session } from './session';

/** `auth.example.fr`, `https://auth.example.fr/` → `https://auth.example.fr`. */
const origin = (domain: string): string => `https://${domain.replace(/^https?:\/\//, '').replace(/\/+$/, '')}`;

/**
 * What differs between the two hosted UIs: the professionals' (`openid email profile`, Cognito's
 * own page or ProConnect) and the persons' (« Mon espace »: `openid` only, FranceConnect only,
 * named by `identity_provider` so that she goes straight there, ADR 0040).
 */
export interface HostedUiOptions {
  /** The scopes the client allows; default `openid email profile` (the professionals' client). */
  scope?: string;
  /** `identity_provider=<name>`: straight to that provider, without Cognito's own page. */
  identityProvider?: string;
  /** The sessionStorage prefix of the pending request (state, PKCE verifier); default `relais.oidc.`. */
  storePrefix?: string;
  /** Where the address bar goes once the code is read (the code is never left there); default `/`. */
  afterCallback?: string;
}

/**
 * The hosted UI's endpoints are given, not discovered: the hosted domain serves no
 * `/.well-known/openid-configuration` (the user pool's issuer does, on another host).
 */
function managerOf(config: CognitoConfig, options: HostedUiOptions = {}): UserManager {
  const authority = origin(config.domain);
  const store = new WebStorageStateStore({ store: window.sessionStorage, prefix: options.storePrefix ?? 'relais.oidc.' });
  return new UserManager({
    authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: options.scope ?? 'openid email profile',
    metadata: {
      issuer: authority,
      authorization_endpoint: `${authority}/oauth2/authorize`,
      token_endpoint: `${authority}/oauth2/token`,
      end_session_endpoint: `${authority}/logout`,
    },
    extraQueryParams: { lang: 'fr', ...(options.identityProvider ? { identity_provider: options.identityProvider } : {}) },
    stateStore: store,
    userStore: store,
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

/** Leaves for the hosted UI (code flow, PKCE S256, a fresh `state` kept in sessionStorage). */
export async function startCognitoSignIn(config: CognitoConfig, returnTo: string, options: HostedUiOptions = {}): Promise<void> {
  await managerOf(config, options).signinRedirect({ state: returnTo });
}

/** The page was opened by the hosted UI's redirect (`?code=…&state=…` or `?error=…`). */
export const isCognitoCallback = (search: string): boolean => {
  const query = new URLSearchParams(search);
  return query.has('code') || query.has('error');
};

/** The hosted UI's answer matches no request of this tab (a wrong or replayed `state`), or the code was refused. */
export const CALLBACK_REFUSED = 'La réponse de connexion ne correspond à aucune demande en cours, ou le code a été refusé. Recommencez.';

/**
 * Exchanges the authorization code for tokens (the library checks the state and sends the
 * PKCE verifier), then removes the code from the address bar. Returns the session and the
 * route to show.
 */
export async function completeCognitoSignIn(
  config: CognitoConfig,
  search: string,
  options: HostedUiOptions = {},
): Promise<{ session: Session; returnTo: string }> {
  const url = `${window.location.origin}${window.location.pathname}${search}`;
  // Back to the application's root, without the code (the redirect path may be /auth/callback).
  window.history.replaceState(null, '', options.afterCallback ?? '/');
  if (new URLSearchParams(search).has('error')) throw new Error('La connexion a été refusée ou annulée.');
  const manager = managerOf(config, options);
  let user: Awaited<ReturnType<UserManager['signinRedirectCallback']>>;
  try {
    user = await manager.signinRedirectCallback(url);
  } catch {
    throw new Error(CALLBACK_REFUSED);
  }
  // Relais keeps its own session: the library's copy of the user is not needed.
  await manager.removeUser();
  if (!user.id_token) throw new Error('Le service de connexion n’a pas fourni de jeton d’identité.');
  return {
    session: { mode: 'aws', token: user.id_token, expiresAt: (user.expires_at ?? Math.floor(Date.now() / 1000) + 3600) * 1000 },
    returnTo: typeof user.state === 'string' && user.state.startsWith('#/') ? user.state : '#/',
  };
}

/** Ends the hosted UI session too; `logoutUri` (default `<origin>/`) must be one of the client's sign-out URLs. */
export function cognitoSignOutUrl(config: CognitoConfig, logoutUri = `${window.location.origin}/`): string {
  // Cognito's /logout takes `client_id` and `logout_uri`, not the OIDC end-session parameters.
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: logoutUri });
  return `${origin(config.domain)}/logout?${query}`;
}
