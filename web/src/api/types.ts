/** The shapes of the API answers the SPA reads (see docs: API.md). */

export type Role = 'accueil' | 'travailleur_social' | 'partenaire' | 'pilote' | 'admin';

export interface CognitoConfig {
  domain: string;
  clientId: string;
  redirectUri: string;
}

/**
 * `/config.json`, written at deployment. Cognito is given either as `cognito` or, as the CDK
 * stack writes it, as flat `authDomain` + `userPoolClientId` (then the redirect URI is
 * `<origin>/auth/callback`). `apiUrl` is the API's origin when it is not the SPA's own.
 */
export interface AppConfig {
  mode: 'local' | 'aws';
  cognito?: CognitoConfig;
  apiUrl?: string;
  authDomain?: string;
  userPoolClientId?: string;
  region?: string;
  mapName?: string;
}

export interface DemoUser {
  username: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  siteId: string | null;
}

export interface DevTokenResponse {
  accessToken: string;
  expiresIn: number;
  user: DemoUser;
}

export interface Me {
  id: string;
  name: string;
  roles: Role[];
  organisationId: string | null;
  siteId: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Organisation {
  id: string;
  name: string;
  type: string;
  networkMember: boolean;
}

export interface Site {
  id: string;
  organisationId: string;
  name: string;
  address: string;
  communeCode: string;
  location: { lon: number; lat: number };
  openingHours: string;
  unconditionalReception: boolean;
  themes: string[];
  accessibility: string;
  phone?: string;
  email?: string;
}
