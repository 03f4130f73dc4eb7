import { type ReactNode, useEffect } from 'react';
import { getJson, setApiBase } from '../api/http';
import type { AppConfig } from '../api/types';

/**
 * What the public link pages share (a partner's referral link, a directory review link, the
 * person's booking link and her survey answer): each is its own lightweight entry without an
 * account, under the same header.
 */

/** Once per page: the API's base address, or the page's own origin when /config.json is missing. */
export const apiConfigured: Promise<void> = getJson<AppConfig>('/config.json')
  .then((config) => setApiBase(config.apiUrl))
  .catch(() => undefined);

/**
 * The header and main landmark of a link page. Leaving the link for another address (`isOwnHash`
 * false) reloads the page, so that the signed-in application takes over.
 */
export function LinkPageFrame({ isOwnHash, children }: { isOwnHash: (hash: string) => boolean; children: ReactNode }) {
  useEffect(() => {
    const onChange = () => {
      if (!isOwnHash(window.location.hash)) window.location.reload();
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [isOwnHash]);
  return (
    <>
      <header className="site-header">
        <div className="container site-header__inner">
          <div className="brand">
            <span className="brand__mark" aria-hidden="true" />
            <div>
              <p className="brand__name">Relais</p>
              <p className="brand__tagline">Le réseau de l’accueil social inconditionnel</p>
            </div>
          </div>
        </div>
      </header>
      <main id="contenu" tabIndex={-1} className="container main">
        {children}
      </main>
    </>
  );
}
