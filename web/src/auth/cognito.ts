/**
 * Cognito hosted UI, authorization code flow with PKCE (S256), for a public client: no
 * secret in the browser. The API is called with the id_token: unlike Cognito's access
 * token, it carries the user's custom attributes (role, organisation, site).
 */
import type { CognitoConfig } from '../api/types';
import type { Session } from './session';

const PENDING_KEY = 'relais.pkce';

interface Pending {
  state: string;
  verifier: string;
  /** The hash route to come back to after sign-in. */
  returnTo: string;
}

const base64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const randomString = (byteLength: number): string => base64Url(crypto.getRandomValues(new Uint8Array(byteLength)));

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** `auth.example.fr`, `https://auth.example.fr/` → `https://auth.example.fr`. */
const origin = (domain: string): string => `https://${domain.replace(/^https?:\/\//, '').replace(/\/+$/, '')}`;

export async function startCognitoSignIn(config: CognitoConfig, returnTo: string): Promise<void> {
  const pending: Pending = { state: randomString(16), verifier: randomString(48), returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    state: pending.state,
    code_challenge_method: 'S256',
    code_challenge: await challengeOf(pending.verifier),
    lang: 'fr',
  });
  window.location.assign(`${origin(config.domain)}/oauth2/authorize?${query}`);
}

/** The page was opened by the hosted UI's redirect (`?code=…&state=…` or `?error=…`). */
export const isCognitoCallback = (search: string): boolean => {
  const query = new URLSearchParams(search);
  return query.has('code') || query.has('error');
};

/**
 * Exchanges the authorization code for tokens, then removes the code from the address bar.
 * Returns the session and the route to show.
 */
export async function completeCognitoSignIn(config: CognitoConfig, search: string): Promise<{ session: Session; returnTo: string }> {
  const query = new URLSearchParams(search);
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  // Back to the application's root, without the code (the redirect path may be /auth/callback).
  window.history.replaceState(null, '', '/');

  if (query.has('error')) throw new Error('La connexion a été refusée ou annulée.');
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  const code = query.get('code');
  if (!pending || !code || query.get('state') !== pending.state) {
    throw new Error('La réponse de connexion ne correspond à aucune demande en cours. Recommencez.');
  }

  const response = await fetch(`${origin(config.domain)}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error('Le service de connexion a refusé le code. Recommencez.');
  const tokens = (await response.json()) as { id_token?: string; expires_in?: number };
  if (!tokens.id_token) throw new Error("Le service de connexion n'a pas fourni de jeton d'identité.");
  return {
    session: { mode: 'aws', token: tokens.id_token, expiresAt: Date.now() + (tokens.expires_in ?? 3600) * 1000 },
    returnTo: pending.returnTo,
  };
}

/** Ends the hosted UI session too; `<origin>/` must be one of the client's sign-out URLs. */
export function cognitoSignOutUrl(config: CognitoConfig): string {
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: `${window.location.origin}/` });
  return `${origin(config.domain)}/logout?${query}`;
}
