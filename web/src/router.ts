/**
 * The SPA's addresses: the route ids, the typed URL builders (`links`), each role's home and
 * `navigate`. The route table itself (TanStack Router on hash history) is `routes.tsx`; this
 * module imports no page, so the public applications (main.tsx) stay small.
 * Hash routes (`#/annuaire`, `#/structures/01K…`): the signed-in SPA is a set of static files,
 * so any host (local stack, CloudFront, `vite preview`) serves every route without a rewrite
 * rule. The public map is the one real path (`/carte`, see main.tsx): it is embedded by other sites.
 */

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
  | 'acces'
  | 'orientations-en-souffrance'
  | 'comptes'
  | 'campagnes'
  | 'informations-a-verifier';

/** Every page of the route table (routes.tsx); the menu marks the current one. */
export type RouteId =
  | SimpleRouteId
  | 'structure'
  | 'structure-nouvelle'
  | 'structure-modifier'
  | 'lieu'
  | 'lieu-nouveau'
  | 'lieu-disponibilites'
  | 'lieu-agenda'
  | 'convocation'
  | 'service'
  | 'service-nouveau'
  | 'personne'
  | 'orientation'
  | 'orientation-nouvelle'
  | 'lien-orientation'
  | 'parcours'
  | 'parcours-nouveau'
  | 'parcours-cloture'
  | 'introuvable';

/** A record's id in a path (`#/structures/01K…`): a ULID or a seeded id. */
export const RECORD_ID = /^[0-9A-Za-z]{10,40}$/;
/** A signed link's token: base64url parts joined by dots. */
export const LINK_TOKEN = /^[\w.~-]{16,2048}$/;

/** `#/orientation/<token>`: a partner without an account answers a referral (no sign-in). */
export const isReferralLinkHash = (hash: string): boolean => /^#\/orientation\/[^/?]+/.test(hash);

/** `#/verification/<token>`: a partner without an account checks its directory entries (no sign-in). */
export const isReviewLinkHash = (hash: string): boolean => /^#\/verification\/[^/?]+/.test(hash);

export const hrefOf = (route: SimpleRouteId): string => `#/${route}`;

/** Links to the pages of one record, and to the creation forms. */
export const links = {
  organisation: (id: string) => `#/structures/${id}`,
  editOrganisation: (id: string) => `#/structures/${id}/modifier`,
  newOrganisation: () => '#/structures/nouvelle',
  site: (id: string) => `#/lieux/${id}`,
  /** A site's availability for appointments (issue 17). */
  availability: (siteId: string) => `#/lieux/${siteId}/rendez-vous`,
  /** A site's agenda of the week (issue 17 point 7, ADR 0042). */
  siteAgenda: (siteId: string) => `#/lieux/${siteId}/agenda`,
  newSite: (organisationId?: string) => (organisationId ? `#/lieux/nouveau?structure=${organisationId}` : '#/lieux/nouveau'),
  service: (id: string) => `#/services/${id}`,
  newService: (organisationId?: string) => (organisationId ? `#/services/nouveau?structure=${organisationId}` : '#/services/nouveau'),
  person: (id: string) => `#/personnes/${id}`,
  newReception: (personId?: string) => (personId ? `#/accueil?personne=${personId}` : '#/accueil'),
  referral: (id: string) => `#/orientations/${id}`,
  /** The printable slip of a referral's appointment (issue 17). */
  appointmentSlip: (referralId: string, appointmentId: string) => `#/orientations/${referralId}/convocation?rdv=${appointmentId}`,
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

/** What `navigate` moves: the route table's router once it runs (routes.tsx), the hash before. */
type Navigator = (path: string) => void;
let navigator: Navigator = (path) => {
  window.location.hash = `#${path}`;
};

/** The route table hands its router over (routes.tsx); pages keep calling `navigate`. */
export function attachNavigator(next: Navigator): void {
  navigator = next;
}

/** Goes to a route: a simple route id or a full `#/…` link. */
export function navigate(to: SimpleRouteId | `#/${string}`): void {
  const href = to.startsWith('#/') ? to : hrefOf(to as SimpleRouteId);
  if (window.location.hash !== href) navigator(href.slice(1));
}
