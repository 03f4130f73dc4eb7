/**
 * Cognito hosted UI, authorization code flow with PKCE (S256), for a public client: no
 * secret in the browser — through oidc-client-ts's `UserManager`, configured from
 * `/config.json`. The API is called with the id_token: unlike Cognito's access token, it
 * carries the user's custom attributes (role, organisation, site). The library keeps its
 * pending request (state, verifier) in sessionStorage; the session itself stays Relais's own
 * (session.ts), so that a reload, the expiry and the sign-out work as in local mode.
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { CognitoConfig } from '../api/types';
import type { Session } from './session';

/** `auth.example.fr`, `https://auth.example.fr/` → `https://auth.example.fr`. */
const origin = (domain: string): string => `https://${domain.replace(/^https?:\/\//, '').replace(/\/+$/, '')}`;

/**
 * The hosted UI's endpoints are given, not discovered: the hosted domain serves no
 * `/.well-known/openid-configuration` (the user pool's issuer does, on another host).
 */
function managerOf(config: CognitoConfig): UserManager {
  const authority = origin(config.domain);
  const store = new WebStorageStateStore({ store: window.sessionStorage, prefix: 'relais.oidc.' });
  return new UserManager({
    authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: 'openid email profile',
    metadata: {
      issuer: authority,
      authorization_endpoint: `${authority}/oauth2/authorize`,
      token_endpoint: `${authority}/oauth2/token`,
      end_session_endpoint: `${authority}/logout`,
    },
    extraQueryParams: { lang: 'fr' },
    stateStore: store,
    userStore: store,
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

export async function startCognitoSignIn(config: CognitoConfig, returnTo: string): Promise<void> {
  await managerOf(config).signinRedirect({ state: returnTo });
}

/** The page was opened by the hosted UI's redirect (`?code=…&state=…` or `?error=…`). */
export const isCognitoCallback = (search: string): boolean => {
  const query = new URLSearchParams(search);
  return query.has('code') || query.has('error');
};

/**
 * Exchanges the authorization code for tokens (the library checks the state and sends the
 * PKCE verifier), then removes the code from the address bar. Returns the session and the
 * route to show.
 */
export async function completeCognitoSignIn(config: CognitoConfig, search: string): Promise<{ session: Session; returnTo: string }> {
  const url = `${window.location.origin}${window.location.pathname}${search}`;
  // Back to the application's root, without the code (the redirect path may be /auth/callback).
  window.history.replaceState(null, '', '/');
  if (new URLSearchParams(search).has('error')) throw new Error('La connexion a été refusée ou annulée.');
  const manager = managerOf(config);
  let user: Awaited<ReturnType<UserManager['signinRedirectCallback']>>;
  try {
    user = await manager.signinRedirectCallback(url);
  } catch {
    throw new Error('La réponse de connexion ne correspond à aucune demande en cours, ou le code a été refusé. Recommencez.');
  }
  // Relais keeps its own session: the library's copy of the user is not needed.
  await manager.removeUser();
  if (!user.id_token) throw new Error('Le service de connexion n’a pas fourni de jeton d’identité.');
  return {
    session: { mode: 'aws', token: user.id_token, expiresAt: (user.expires_at ?? Math.floor(Date.now() / 1000) + 3600) * 1000 },
    returnTo: typeof user.state === 'string' && user.state.startsWith('#/') ? user.state : '#/',
  };
}

/** Ends the hosted UI session too; `<origin>/` must be one of the client's sign-out URLs. */
export function cognitoSignOutUrl(config: CognitoConfig): string {
  // Cognito's /logout takes `client_id` and `logout_uri`, not the OIDC end-session parameters.
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: `${window.location.origin}/` });
  return `${origin(config.domain)}/logout?${query}`;
}
