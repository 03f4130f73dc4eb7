/**
 * « Mon espace » (`/mon-espace`, issue 15): the person's own space, its own entry of the SPA —
 * it never loads the professionals' application. Mobile first (320 px), touch targets of 44 px
 * at least, readable at 200 % zoom, plain French. Signed out: the sign-in (FranceConnect when the
 * stage has it, ./franceconnect.ts; a code; or her invitation link `#/invitation/<token>`).
 * Signed in: the shell — the pages of `SECTIONS` (./sections.ts) in its navigation, the one of the current hash, and « Me déconnecter ». Her
 * token lives in sessionStorage until it expires (./session.ts); then she is back at the
 * sign-in, told why.
 */
import { useCallback, useEffect, useState } from 'react';
import { getJson, setApiBase } from '../api/http';
import type { AppConfig, CognitoConfig } from '../api/types';
import { PageHeading, requestHeadingFocus } from '../components/page-heading';
import { invitationOf, sectionPathOf } from './espace-hash';
import { SECTIONS } from './sections';
import { completeFranceConnect, franceConnectOf, franceConnectSignOutUrl, isFranceConnectCallback } from './franceconnect';
import { type PersonSession, clearSession, keepSession, readSession, sessionExpired } from './session';
import { SignIn } from './sign-in';
import '../components/layout.css';
import './mon-espace.css';

const EXPIRED = 'Votre session est terminée, pour votre sécurité. Reconnectez-vous pour revoir votre espace.';
const SIGNED_OUT = 'Votre espace est fermé. À bientôt.';

/** Once per page: the API's base address (on AWS, the HTTP API's URL), and FranceConnect if the stage has it. */
const configured: Promise<AppConfig | null> = getJson<AppConfig>('/config.json')
  .then((config) => {
    setApiBase(config.apiUrl);
    return config;
  })
  .catch(() => null);

/**
 * Once per page load: FranceConnect's answer (`/mon-espace?code=…&state=…`) read and its code
 * exchanged, only once even when React (StrictMode, in development) runs the effect twice.
 */
let callback: Promise<PersonSession> | null = null;
const franceConnectCallback = (config: CognitoConfig, search: string): Promise<PersonSession> => {
  callback ??= completeFranceConnect(config, search);
  return callback;
};

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => {
      setHash(window.location.hash);
      requestHeadingFocus();
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

function Home() {
  return (
    <>
      <PageHeading title="Mon espace" />
      <p className="lead">Votre espace est ouvert.</p>
      {SECTIONS.length === 0 ? (
        <p>Bientôt, vous verrez ici votre dossier : vos accueils, vos orientations et votre parcours.</p>
      ) : (
        <p>Choisissez une page dans le menu.</p>
      )}
      <p className="muted">Quand vous avez fini, appuyez sur « Me déconnecter », surtout sur un téléphone ou un ordinateur prêté.</p>
    </>
  );
}

function Shell({ session, onSignOut }: { session: PersonSession; onSignOut: () => void }) {
  const hash = useHash();
  const path = sectionPathOf(hash);
  const section = SECTIONS.find((s) => s.path === path);
  // Her file is the home page when a section takes the empty path; otherwise a plain home.
  const links = SECTIONS.some((s) => s.path === '') ? SECTIONS : [{ path: '', label: 'Accueil' }, ...SECTIONS];
  return (
    <>
      <nav className="espace-nav container" aria-label="Mon espace">
        <ul>
          {links.map((link) => (
            <li key={link.path}>
              <a href={`#/${link.path}`} aria-current={link.path === path ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
        <button type="button" className="button button--secondary espace-button" onClick={onSignOut}>
          Me déconnecter
        </button>
      </nav>
      <main id="contenu" tabIndex={-1} className="container main espace-main">
        {section ? (
          <section.Component token={session.accessToken} />
        ) : path === '' ? (
          <Home />
        ) : (
          <>
            <PageHeading title="Page introuvable" />
            <p>
              Cette page n’existe pas. <a href="#/">Revenir à mon espace</a>
            </p>
          </>
        )}
      </main>
    </>
  );
}

export default function MonEspaceApp() {
  const [ready, setReady] = useState(false);
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [session, setSession] = useState<PersonSession | null>(() => readSession());
  const [notice, setNotice] = useState<string | null>(() => (sessionExpired() ? EXPIRED : null));
  const [failure, setFailure] = useState<string | null>(null);
  const [invitation] = useState(() => invitationOf(window.location.hash));

  useEffect(() => {
    let cancelled = false;
    void configured.then(async (loaded) => {
      const franceConnect = franceConnectOf(loaded);
      // Back from FranceConnect: her session as the code sign-in keeps it, or the French reason why not.
      if (franceConnect && isFranceConnectCallback(loaded, window.location.search)) {
        try {
          const signed = keepSession(await franceConnectCallback(franceConnect, window.location.search));
          if (!cancelled) {
            setNotice(null);
            setSession(signed);
            requestHeadingFocus();
          }
        } catch (error) {
          if (!cancelled) setFailure(error instanceof Error ? error.message : String(error));
        }
      }
      if (cancelled) return;
      setConfig(loaded);
      setReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  // Her token's end: back to the sign-in, told why.
  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(
      () => {
        clearSession();
        setSession(null);
        setNotice(EXPIRED);
        requestHeadingFocus();
      },
      Math.max(0, session.expiresAt - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [session]);

  const signedIn = useCallback((s: PersonSession) => {
    if (invitationOf(window.location.hash)) window.history.replaceState(null, '', `${window.location.pathname}#/`);
    requestHeadingFocus();
    setNotice(null);
    setSession(s);
  }, []);

  const signOut = () => {
    clearSession();
    // Signed in through FranceConnect: the persons' hosted UI forgets her too (else the button
    // would sign the next user of a shared computer in as her, without asking), then back here.
    const franceConnect = franceConnectOf(config);
    if (session?.via === 'franceconnect' && franceConnect) {
      window.location.assign(franceConnectSignOutUrl(franceConnect));
      return;
    }
    requestHeadingFocus();
    setNotice(SIGNED_OUT);
    setSession(null);
  };

  return (
    <>
      <header className="site-header">
        <div className="container site-header__inner">
          <div className="brand">
            <span className="brand__mark" aria-hidden="true" />
            <div>
              <p className="brand__name">Relais</p>
              <p className="brand__tagline">Mon espace</p>
            </div>
          </div>
        </div>
      </header>
      {session ? (
        <Shell session={session} onSignOut={signOut} />
      ) : (
        <main id="contenu" tabIndex={-1} className="container main espace-main">
          {ready ? (
            <SignIn
              invitation={invitation}
              notice={notice}
              failure={failure}
              franceConnect={franceConnectOf(config)}
              onSignedIn={signedIn}
            />
          ) : null}
        </main>
      )}
    </>
  );
}
