/**
 * « Se connecter avec FranceConnect » in « Mon espace » (issue 15, ADR 0040), in Node with the few
 * browser objects the code touches (window.location, history, sessionStorage; fetch answered per
 * URL): the authorize URL on the persons' domain (code flow, PKCE S256, `identity_provider`,
 * scope `openid`), the callback (the code exchanged with the verifier kept at the start; a wrong
 * `state` refused in French, nothing exchanged), an identity not linked yet said in the kernel's
 * French words with what to do, and the rendering decision: the button only with `personCognito`
 * (the sign-in rendered to HTML with react-dom/server).
 */
import { createHash } from 'node:crypto';

/*
 * The web modules need the DOM's types and React's (web/tsconfig.json typechecks them); this
 * Node project has neither (React's types would also change the DOM shapes the browser tests
 * use), so they are loaded untyped here, with the shapes this test uses.
 */
interface CognitoConfig {
  domain: string;
  clientId: string;
  redirectUri: string;
}
interface AppConfig {
  mode: 'local' | 'aws';
  apiUrl?: string;
  personCognito?: CognitoConfig;
}
interface PersonSession {
  accessToken: string;
  expiresAt: number;
  via?: 'franceconnect';
}
const { CALLBACK_REFUSED } = require('../../web/src/auth/cognito') as { CALLBACK_REFUSED: string };
const { completeFranceConnect, franceConnectOf, franceConnectSignOutUrl, isFranceConnectCallback, startFranceConnect } =
  require('../../web/src/espace/franceconnect') as {
    startFranceConnect(config: CognitoConfig): Promise<void>;
    completeFranceConnect(config: CognitoConfig, search: string): Promise<PersonSession>;
    franceConnectOf(config: AppConfig): CognitoConfig | undefined;
    franceConnectSignOutUrl(config: CognitoConfig): string;
    isFranceConnectCallback(config: AppConfig, search: string): boolean;
  };
const { SignIn } = require('../../web/src/espace/sign-in') as { SignIn: unknown };
const { createElement } = require('react') as { createElement(type: unknown, props: Record<string, unknown>): unknown };
const { renderToStaticMarkup } = require('react-dom/server') as { renderToStaticMarkup(element: unknown): string };

const ORIGIN = 'https://relais.example.fr';
const PERSONS: CognitoConfig = {
  domain: 'https://relais-test-personnes.auth.eu-west-1.amazoncognito.com',
  clientId: 'persons-client-id',
  redirectUri: `${ORIGIN}/mon-espace`,
};

class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

/** Where the page went (`location.assign`) and what the address bar shows after `replaceState`. */
let assigned: string[];
let addressBar: string;
let calls: { url: string; init?: RequestInit }[];
let apiAnswer: () => Response;
const globals = globalThis as unknown as Record<string, unknown>;

const jwt = (claims: Record<string, unknown>) =>
  `${[{ alg: 'RS256', typ: 'JWT' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.')}.signature`;

beforeEach(() => {
  assigned = [];
  addressBar = '';
  calls = [];
  apiAnswer = () => Response.json({ id: '01KDVD0000000000000000000A' });
  const sessionStorage = new MemoryStorage();
  const location = {
    origin: ORIGIN,
    pathname: '/mon-espace',
    search: '',
    hash: '',
    get href() {
      return `${ORIGIN}/mon-espace`;
    },
    assign: (url: string) => assigned.push(url),
  };
  globals.sessionStorage = sessionStorage;
  const window: Record<string, unknown> = {
    location,
    sessionStorage,
    history: { replaceState: (_state: unknown, _title: string, url: string) => (addressBar = url) },
    // The library waits for `pageshow` after leaving (the page coming back from the cache): never here.
    addEventListener: () => undefined,
    stop: () => undefined,
  };
  window.self = window;
  globals.window = window;
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    calls.push({ url, init });
    if (url === `${PERSONS.domain}/oauth2/token`) {
      const now = Math.floor(Date.now() / 1000);
      return Response.json({
        id_token: jwt({ sub: 'f3c1', 'custom:personId': '01KDVD0000000000000000000A', iat: now, exp: now + 3600 }),
        access_token: 'access',
        token_type: 'Bearer',
        expires_in: 3600,
      });
    }
    if (url === '/api/me/person') return apiAnswer();
    return new Response('not found', { status: 404 });
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  delete globals.window;
  delete globals.sessionStorage;
});

/** Starts the sign-in and returns the authorize URL the page left for. */
async function leave(): Promise<URL> {
  // The promise of a redirect never settles (the page is gone): wait for the navigation instead.
  void startFranceConnect(PERSONS);
  // (PKCE's SHA-256 runs on libuv's thread pool: on a loaded machine, that takes some turns.)
  for (let turn = 0; turn < 1000 && assigned.length === 0; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(assigned).toHaveLength(1);
  return new URL(assigned[0]!);
}

describe('leaving for FranceConnect', () => {
  it('goes to the persons’ domain’s authorize endpoint: code flow, PKCE S256, FranceConnect, scope openid, back to /mon-espace', async () => {
    const url = await leave();
    expect(`${url.origin}${url.pathname}`).toBe(`${PERSONS.domain}/oauth2/authorize`);
    const query = url.searchParams;
    expect(query.get('client_id')).toBe('persons-client-id');
    expect(query.get('redirect_uri')).toBe(`${ORIGIN}/mon-espace`);
    expect(query.get('response_type')).toBe('code');
    expect(query.get('scope')).toBe('openid');
    expect(query.get('identity_provider')).toBe('FranceConnect');
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('state')).toMatch(/^[0-9a-f]{32}$/);
    // The challenge is the SHA-256 of the verifier kept in this tab (sessionStorage), under her own prefix.
    const kept = Object.fromEntries(
      Array.from({ length: (globals.sessionStorage as MemoryStorage).length }, (_, i) => {
        const key = (globals.sessionStorage as MemoryStorage).key(i)!;
        return [key, (globals.sessionStorage as MemoryStorage).getItem(key)!];
      }),
    );
    expect(Object.keys(kept)).toEqual([`relais.person.oidc.${query.get('state')}`]);
    const verifier = JSON.parse(Object.values(kept)[0]!).code_verifier as string;
    expect(verifier.length).toBeGreaterThanOrEqual(43);
    expect(query.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(url.searchParams.has('code_verifier')).toBe(false);
  });

  it('signs her out of the persons’ hosted UI too, back to /mon-espace', () => {
    const url = new URL(franceConnectSignOutUrl(PERSONS));
    expect(`${url.origin}${url.pathname}`).toBe(`${PERSONS.domain}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'persons-client-id', logout_uri: `${ORIGIN}/mon-espace` });
  });
});

describe('back from FranceConnect on /mon-espace', () => {
  it('exchanges the code with the verifier kept at the start, keeps her ID token and leaves /mon-espace#/ in the address bar', async () => {
    const state = (await leave()).searchParams.get('state')!;
    const verifier = JSON.parse((globals.sessionStorage as MemoryStorage).getItem(`relais.person.oidc.${state}`)!).code_verifier;
    const session = await completeFranceConnect(PERSONS, `?code=the-code&state=${state}`);

    const exchange = calls.find((c) => c.url === `${PERSONS.domain}/oauth2/token`)!;
    const form = new URLSearchParams(String(exchange.init!.body));
    expect(Object.fromEntries(form)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'the-code',
      code_verifier: verifier,
      client_id: 'persons-client-id',
      redirect_uri: `${ORIGIN}/mon-espace`,
    });
    expect(session.via).toBe('franceconnect');
    expect(JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString())).toMatchObject({ sub: 'f3c1' });
    expect(session.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    expect(addressBar).toBe('/mon-espace#/');
    // Her token was checked on her own summary, as a bearer token.
    const check = calls.find((c) => c.url === '/api/me/person')!;
    expect((check.init!.headers as Record<string, string>).Authorization).toBe(`Bearer ${session.accessToken}`);
    // The pending request is used up: the same answer again is refused.
    await expect(completeFranceConnect(PERSONS, `?code=the-code&state=${state}`)).rejects.toThrow(CALLBACK_REFUSED);
  });

  it('refuses an answer whose state is not this tab’s, in French, without exchanging any code', async () => {
    await leave();
    await expect(completeFranceConnect(PERSONS, '?code=the-code&state=0123456789abcdef0123456789abcdef')).rejects.toThrow(
      'La réponse de connexion ne correspond à aucune demande en cours, ou le code a été refusé. Recommencez.',
    );
    expect(calls.filter((c) => c.url.includes('/oauth2/token'))).toEqual([]);
    expect(addressBar).toBe('/mon-espace#/');
  });

  it('says a refusal at FranceConnect (`?error=…`) in French', async () => {
    await expect(completeFranceConnect(PERSONS, '?error=access_denied&state=x')).rejects.toThrow('La connexion a été refusée ou annulée.');
    expect(calls).toEqual([]);
  });

  it('says an identity not linked yet in the kernel’s French words, with what to do, not as a generic error', async () => {
    apiAnswer = () =>
      Response.json(
        {
          type: 'about:blank',
          status: 403,
          code: 'kernel.person.unlinked',
          title: 'Identité non reliée',
          detail: 'Votre identité n’est pas encore reliée à votre dossier. Demandez à la personne qui vous accompagne de la relier.',
        },
        { status: 403, headers: { 'Content-Type': 'application/problem+json' } },
      );
    const state = (await leave()).searchParams.get('state')!;
    const refused = completeFranceConnect(PERSONS, `?code=the-code&state=${state}`);
    await expect(refused).rejects.toThrow(
      'Votre identité n’est pas encore reliée à votre dossier. Demandez à la personne qui vous accompagne de la relier. ' +
        'En attendant, vous pouvez recevoir un code par SMS ou par e-mail ci-dessous.',
    );
  });
});

describe('the rendering decision: FranceConnect only with personCognito', () => {
  const local: AppConfig = { mode: 'local' };
  const aws: AppConfig = { mode: 'aws', apiUrl: `${ORIGIN}/`, personCognito: PERSONS };
  const render = (config: AppConfig) =>
    renderToStaticMarkup(
      createElement(SignIn, { invitation: null, notice: null, franceConnect: franceConnectOf(config), onSignedIn: () => undefined }),
    );

  it('shows the button and the link (new tab, said in its name) above the code sign-in when /config.json has personCognito', () => {
    const html = render(aws);
    expect(html).toContain('S’identifier avec');
    expect(html).toMatch(/<button type="button" class="franceconnect-button"[^>]*>.*FranceConnect<\/span><\/button>/);
    const link = html.match(/<a [^>]*href="https:\/\/franceconnect\.gouv\.fr\/"[^>]*>(.*?)<\/a>/)!;
    expect(link[0]).toContain('target="_blank"');
    expect(link[0]).toContain('rel="noopener noreferrer"');
    expect(link[1]!.replace(/<[^>]+>/g, '')).toBe('Qu’est-ce que FranceConnect ? (nouvelle fenêtre)');
    // The code sign-in stays, below.
    expect(html.indexOf('franceconnect-button')).toBeLessThan(html.indexOf('Recevoir mon code'));
    // Nothing loaded from another site.
    expect(html).not.toMatch(/<img|src="http/);
  });

  it('shows only the code sign-in locally (no personCognito), and never takes a staff callback for hers', () => {
    const html = render(local);
    expect(html).not.toContain('FranceConnect');
    expect(html).toContain('Recevoir mon code');
    expect(isFranceConnectCallback(local, '?code=abc&state=def')).toBe(false);
    expect(isFranceConnectCallback(aws, '?code=abc&state=def')).toBe(true);
    expect(isFranceConnectCallback(aws, '')).toBe(false);
  });

  it('shows why her FranceConnect sign-in did not open her space, as an alert', () => {
    const html = renderToStaticMarkup(
      createElement(SignIn, {
        invitation: null,
        notice: null,
        failure: 'Votre identité n’est pas encore reliée à votre dossier.',
        franceConnect: PERSONS,
        onSignedIn: () => undefined,
      }),
    );
    expect(html).toMatch(/role="alert">Votre identité n’est pas encore reliée à votre dossier\.</);
  });
});
