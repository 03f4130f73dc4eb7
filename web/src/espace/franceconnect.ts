/**
 * « Se connecter avec FranceConnect » in « Mon espace » (issue 15, ADR 0040): on AWS, when the
 * stage has FranceConnect, `/config.json` gives `personCognito` (the persons' hosted UI and her
 * client). The button leaves for that hosted UI with `identity_provider=FranceConnect` (code flow,
 * PKCE, web/src/auth/cognito.ts); FranceConnect sends her back to `/mon-espace?code=…&state=…`,
 * where the code is exchanged for her ID token, kept as the code sign-in keeps hers
 * (./session.ts). Locally there is no `personCognito`: nothing of this shows.
 *
 * Her ID token opens her routes only if a professional linked her FranceConnect identity to her
 * record (the Pre token generation trigger then adds `custom:personId`); otherwise the API answers
 * 403 `kernel.person.unlinked`. That is checked at once, on her own summary, so that she reads
 * what to do on the sign-in page rather than an error on each page.
 */
import { ApiError, getJson } from '../api/http';
import type { AppConfig, CognitoConfig } from '../api/types';
import { type HostedUiOptions, cognitoSignOutUrl, completeCognitoSignIn, isCognitoCallback, startCognitoSignIn } from '../auth/cognito';
import type { PersonSession } from './session';

/** The provider's name on the persons' pool (infra/franceconnect.ts `FRANCECONNECT_PROVIDER`). */
export const FRANCECONNECT_PROVIDER = 'FranceConnect';

/** Her client allows `openid` only; her pending request is kept apart from the professionals'. */
export const FRANCECONNECT_OPTIONS: HostedUiOptions = {
  scope: 'openid',
  identityProvider: FRANCECONNECT_PROVIDER,
  storePrefix: 'relais.person.oidc.',
};

/** Her identity is not linked to a record yet: the server's words (the kernel's catalogue), then what she can do now. */
export const UNLINKED_MEANWHILE = 'En attendant, vous pouvez recevoir un code par SMS ou par e-mail ci-dessous.';

/** The FranceConnect button is offered only when the stage configures it (never locally). */
export const franceConnectOf = (config: AppConfig | null | undefined): CognitoConfig | undefined => config?.personCognito;

/** Leaves for FranceConnect, through the persons' hosted UI. */
export function startFranceConnect(config: CognitoConfig): Promise<void> {
  return startCognitoSignIn(config, '#/', FRANCECONNECT_OPTIONS);
}

/** `/mon-espace` was opened by the hosted UI's redirect (a code or an error in the query). */
export const isFranceConnectCallback = (config: AppConfig | null | undefined, search: string): boolean =>
  Boolean(franceConnectOf(config)) && isCognitoCallback(search);

/**
 * Reads the hosted UI's answer: checks the `state`, exchanges the code with the PKCE verifier,
 * leaves `/mon-espace#/` in the address bar, then asks the API whether her identity opens her
 * record. Throws an Error with the French words to show (a wrong `state`, a refusal, an
 * identity not linked yet).
 */
export async function completeFranceConnect(config: CognitoConfig, search: string): Promise<PersonSession> {
  const { session } = await completeCognitoSignIn(config, search, {
    ...FRANCECONNECT_OPTIONS,
    afterCallback: `${window.location.pathname}#/`,
  });
  const person: PersonSession = { accessToken: session.token, expiresAt: session.expiresAt, via: 'franceconnect' };
  try {
    await getJson('/api/me/person', person.accessToken);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'kernel.person.unlinked') throw new Error(`${error.message} ${UNLINKED_MEANWHILE}`);
    throw error;
  }
  return person;
}

/**
 * Her sign-out when she came through FranceConnect: Cognito's `/logout` on the persons' domain,
 * back to `/mon-espace` (her client's only sign-out URL, the same as its callback).
 */
export const franceConnectSignOutUrl = (config: CognitoConfig): string => cognitoSignOutUrl(config, config.redirectUri);
