/**
 * Hash routes (`#/annuaire`): the SPA is a set of static files, so any host (local stack,
 * CloudFront, `vite preview`) serves every route without a rewrite rule. Hashes that do not
 * start with `#/` (in-page anchors) leave the current route alone.
 */
import { useEffect, useState } from 'react';
import { requestHeadingFocus } from './components/page-heading';

export type RouteId = 'connexion' | 'annuaire' | 'carte' | 'api' | 'introuvable';

const ROUTES: Readonly<Record<string, RouteId>> = {
  '': 'annuaire',
  connexion: 'connexion',
  annuaire: 'annuaire',
  carte: 'carte',
  api: 'api',
};

export function routeOf(hash: string): RouteId | null {
  if (hash === '' || hash === '#' || hash === '#/') return 'annuaire';
  if (!hash.startsWith('#/')) return null;
  return ROUTES[hash.slice(2).split(/[/?]/)[0] ?? ''] ?? 'introuvable';
}

export const hrefOf = (route: Exclude<RouteId, 'introuvable'>): string => `#/${route}`;

export function navigate(route: Exclude<RouteId, 'introuvable'>): void {
  if (window.location.hash !== hrefOf(route)) window.location.hash = hrefOf(route);
}

export function useRoute(): RouteId {
  const [route, setRoute] = useState<RouteId>(() => routeOf(window.location.hash) ?? 'annuaire');
  useEffect(() => {
    const onChange = () => {
      const next = routeOf(window.location.hash);
      if (!next) return;
      requestHeadingFocus();
      setRoute(next);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
