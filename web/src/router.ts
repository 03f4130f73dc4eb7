/**
 * Hash routes (`#/annuaire`, `#/structures/01K…`): the signed-in SPA is a set of static files,
 * so any host (local stack, CloudFront, `vite preview`) serves every route without a rewrite
 * rule. Hashes that do not start with `#/` (in-page anchors) leave the current route alone.
 * The public map is the one real path (`/carte`, see main.tsx): it is embedded by other sites.
 */
import { useEffect, useState } from 'react';
import { requestHeadingFocus } from './components/page-heading';

export type RouteId =
  | 'connexion'
  | 'annuaire'
  | 'structures'
  | 'structure'
  | 'structure-nouvelle'
  | 'structure-modifier'
  | 'lieu'
  | 'lieu-nouveau'
  | 'service'
  | 'service-nouveau'
  | 'carte'
  | 'couverture'
  | 'indicateurs'
  | 'reseau'
  | 'echanges'
  | 'api'
  | 'accueil'
  | 'personnes'
  | 'personne'
  | 'orientations'
  | 'enquetes'
  | 'orientation'
  | 'orientation-nouvelle'
  | 'lien-orientation'
  | 'mes-parcours'
  | 'parcours'
  | 'parcours-nouveau'
  | 'parcours-cloture'
  | 'territoires'
  | 'acces'
  | 'introuvable';

export interface Route {
  id: RouteId;
  /** The record a page is about (`#/structures/<id>`). */
  recordId?: string;
  /** `?structure=<id>` after the path, for the creation forms. */
  query: URLSearchParams;
}

/** Routes without a parameter, which the menu and links name directly. */
export type SimpleRouteId =
  | 'connexion'
  | 'annuaire'
  | 'structures'
  | 'carte'
  | 'couverture'
  | 'indicateurs'
  | 'reseau'
  | 'echanges'
  | 'api'
  | 'accueil'
  | 'personnes'
  | 'orientations'
  | 'enquetes'
  | 'mes-parcours'
  | 'territoires'
  | 'acces';

const SIMPLE: ReadonlySet<string> = new Set<SimpleRouteId>([
  'connexion',
  'annuaire',
  'structures',
  'carte',
  'couverture',
  'indicateurs',
  'reseau',
  'echanges',
  'api',
  'accueil',
  'personnes',
  'orientations',
  'enquetes',
  'mes-parcours',
  'territoires',
  'acces',
]);

const ID = /^[0-9A-Za-z]{10,40}$/;
/** A signed link's token: base64url parts joined by dots. */
const TOKEN = /^[\w.~-]{16,2048}$/;

/** `#/orientation/<token>`: a partner without an account answers a referral (no sign-in). */
export const isReferralLinkHash = (hash: string): boolean => /^#\/orientation\/[^/?]+/.test(hash);

function parse(path: string): Pick<Route, 'id' | 'recordId'> {
  const parts = path.split('/').filter(Boolean);
  const [head = '', second, third] = parts;
  if (parts.length === 0) return { id: 'annuaire' };
  if (parts.length === 1 && SIMPLE.has(head)) return { id: head as SimpleRouteId };
  if (head === 'orientation' && second && parts.length === 2 && TOKEN.test(second)) return { id: 'lien-orientation', recordId: second };
  if (head === 'orientations' && second && parts.length === 2) {
    if (second === 'nouvelle') return { id: 'orientation-nouvelle' };
    if (ID.test(second)) return { id: 'orientation', recordId: second };
  }
  if (head === 'parcours' && second === 'nouveau' && parts.length === 2) return { id: 'parcours-nouveau' };
  if (head === 'parcours' && second && ID.test(second)) {
    if (parts.length === 2) return { id: 'parcours', recordId: second };
    if (parts.length === 3 && third === 'cloturer') return { id: 'parcours-cloture', recordId: second };
  }
  if (head === 'personnes' && second && parts.length === 2 && ID.test(second)) return { id: 'personne', recordId: second };
  if (head === 'structures' && second === 'nouvelle' && parts.length === 2) return { id: 'structure-nouvelle' };
  if (head === 'structures' && second && ID.test(second)) {
    if (parts.length === 2) return { id: 'structure', recordId: second };
    if (parts.length === 3 && third === 'modifier') return { id: 'structure-modifier', recordId: second };
  }
  if ((head === 'lieux' || head === 'services') && second && parts.length === 2) {
    const kind = head === 'lieux' ? 'lieu' : 'service';
    if (second === 'nouveau') return { id: `${kind}-nouveau` };
    if (ID.test(second)) return { id: kind, recordId: second };
  }
  return { id: 'introuvable' };
}

export function routeOf(hash: string): Route | null {
  if (hash === '' || hash === '#' || hash === '#/') return { id: 'annuaire', query: new URLSearchParams() };
  if (!hash.startsWith('#/')) return null;
  const [path = '', search = ''] = hash.slice(2).split('?');
  return { ...parse(path), query: new URLSearchParams(search) };
}

export const hrefOf = (route: SimpleRouteId): string => `#/${route}`;

/** Links to the pages of one record, and to the creation forms. */
export const links = {
  organisation: (id: string) => `#/structures/${id}`,
  editOrganisation: (id: string) => `#/structures/${id}/modifier`,
  newOrganisation: () => '#/structures/nouvelle',
  site: (id: string) => `#/lieux/${id}`,
  newSite: (organisationId?: string) => (organisationId ? `#/lieux/nouveau?structure=${organisationId}` : '#/lieux/nouveau'),
  service: (id: string) => `#/services/${id}`,
  newService: (organisationId?: string) => (organisationId ? `#/services/nouveau?structure=${organisationId}` : '#/services/nouveau'),
  person: (id: string) => `#/personnes/${id}`,
  newReception: (personId?: string) => (personId ? `#/accueil?personne=${personId}` : '#/accueil'),
  referral: (id: string) => `#/orientations/${id}`,
  /** The referral form, from a reception and/or for a person; `themes` start the themes (not personal data). */
  newReferral: (from: { receptionId?: string; personId?: string; themes?: readonly string[] } = {}) => {
    const search = new URLSearchParams();
    if (from.receptionId) search.set('accueil', from.receptionId);
    if (from.personId) search.set('personne', from.personId);
    if (from.themes && from.themes.length > 0) search.set('themes', from.themes.join(','));
    const text = search.toString();
    return text ? `#/orientations/nouvelle?${text}` : '#/orientations/nouvelle';
  },
  referralBox: (box: 'recues' | 'envoyees', status?: string) => `#/orientations?boite=${box}${status ? `&statut=${status}` : ''}`,
  referralLink: (token: string) => `#/orientation/${token}`,
  parcours: (id: string) => `#/parcours/${id}`,
  closeParcours: (id: string) => `#/parcours/${id}/cloturer`,
  newParcours: (personId: string) => `#/parcours/nouveau?personne=${personId}`,
};

/**
 * Where each role lands after signing in: the reception agent on « Nouvel accueil », the partner
 * on its incoming referrals, the social worker on « Mes parcours », the coordination on the
 * indicators; anyone else on the directory. The first role that has a home wins.
 */
export function homeOf(roles: readonly string[]): `#/${string}` {
  if (roles.includes('accueil')) return hrefOf('accueil') as `#/${string}`;
  if (roles.includes('partenaire')) return links.referralBox('recues') as `#/${string}`;
  if (roles.includes('travailleur_social')) return hrefOf('mes-parcours') as `#/${string}`;
  if (roles.includes('pilote') || roles.includes('admin')) return hrefOf('indicateurs') as `#/${string}`;
  return hrefOf('annuaire') as `#/${string}`;
}

/** Goes to a route: a simple route id or a full `#/…` link. */
export function navigate(to: SimpleRouteId | `#/${string}`): void {
  const href = to.startsWith('#/') ? to : hrefOf(to as SimpleRouteId);
  if (window.location.hash !== href) window.location.hash = href;
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.hash) ?? { id: 'annuaire', query: new URLSearchParams() });
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
