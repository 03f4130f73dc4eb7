import { type MouseEvent, type ReactNode, useEffect, useState } from 'react';
import { apiUrl } from '../api/http';
import type { Me } from '../api/types';
import { canReadSurveyResults, isAdmin, isCoordinator, isFieldWorker } from '../auth/permissions';
import { roleLabel } from '../labels';
import { homeOf, hrefOf, type RouteId, type SimpleRouteId } from '../router';
import './layout.css';

type Audience = 'everyone' | 'signed-in' | 'coordination' | 'admin' | 'field' | 'survey-results';

/** The menu; `also` lists the pages that belong to an entry (they mark it as current). */
const NAV: ReadonlyArray<{ route: SimpleRouteId; label: string; audience: Audience; also?: readonly RouteId[] }> = [
  { route: 'accueil', label: 'Nouvel accueil', audience: 'field' },
  { route: 'personnes', label: 'Personnes', audience: 'field', also: ['personne'] },
  { route: 'orientations', label: 'Orientations', audience: 'field', also: ['orientation', 'orientation-nouvelle', 'convocation'] },
  { route: 'mes-parcours', label: 'Mes parcours', audience: 'field', also: ['parcours', 'parcours-nouveau', 'parcours-cloture'] },
  { route: 'annuaire', label: 'Annuaire', audience: 'signed-in' },
  {
    route: 'structures',
    label: 'Structures',
    audience: 'signed-in',
    also: [
      'structure',
      'structure-nouvelle',
      'structure-modifier',
      'lieu',
      'lieu-nouveau',
      'lieu-disponibilites',
      'lieu-agenda',
      'service',
      'service-nouveau',
    ],
  },
  { route: 'carte', label: 'Carte', audience: 'signed-in' },
  { route: 'reseau', label: 'Vie du réseau', audience: 'signed-in' },
  { route: 'couverture', label: 'Couverture', audience: 'coordination' },
  { route: 'enquetes', label: 'Satisfaction', audience: 'survey-results' },
  { route: 'indicateurs', label: 'Indicateurs', audience: 'coordination' },
  { route: 'territoires', label: 'Territoires', audience: 'coordination' },
  { route: 'orientations-en-souffrance', label: 'Orientations en souffrance', audience: 'coordination' },
  { route: 'campagnes', label: 'Campagnes de mise à jour', audience: 'coordination' },
  { route: 'informations-a-verifier', label: 'Informations à vérifier', audience: 'coordination' },
  { route: 'acces', label: 'Accès exceptionnels', audience: 'coordination' },
  { route: 'echanges', label: 'Import / export', audience: 'coordination' },
  { route: 'comptes', label: 'Comptes en attente', audience: 'admin' },
  { route: 'api', label: 'API', audience: 'everyone' },
];

const shownTo = (audience: Audience, me: Me | null): boolean => {
  if (audience === 'everyone') return true;
  if (audience === 'signed-in') return !!me;
  if (audience === 'field') return isFieldWorker(me);
  if (audience === 'survey-results') return canReadSurveyResults(me);
  if (audience === 'admin') return isAdmin(me);
  return isCoordinator(me);
};

/** Moves the focus to the main content without touching the hash (the hash is the route). */
function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('contenu')?.focus();
}

interface LayoutProps {
  route: RouteId;
  me: Me | null;
  onSignOut: () => void;
  children: ReactNode;
}

export function Layout({ route, me, onSignOut, children }: LayoutProps) {
  const links = NAV.filter((item) => shownTo(item.audience, me));
  // On a phone the menu folds behind a button; it folds again once the user moved on.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    void route;
    setMenuOpen(false);
  }, [route]);
  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link (WCAG G1); the click handler only keeps the hash, which holds the route */}
      <a className="skip-link" href="#contenu" onClick={skipToContent}>
        Aller au contenu
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <div className="brand">
            <span className="brand__mark" aria-hidden="true" />
            <div>
              <p className="brand__name">
                <a href={me ? homeOf(me.roles) : hrefOf('connexion')}>Relais</a>
              </p>
              <p className="brand__tagline">Le réseau de l’accueil social inconditionnel</p>
            </div>
          </div>
          {me ? (
            <div className="user-box">
              <p className="user-box__who">
                <span className="user-box__name" data-testid="current-user">
                  {me.name}
                </span>
                <span className="user-box__role">{me.roles.map(roleLabel).join(', ')}</span>
              </p>
              <button type="button" className="button button--secondary" onClick={onSignOut}>
                Se déconnecter
              </button>
            </div>
          ) : null}
        </div>
        <nav className="main-nav" aria-label="Navigation principale">
          <button
            type="button"
            className="button button--secondary main-nav__toggle"
            aria-expanded={menuOpen}
            aria-controls="menu-principal"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
          <ul id="menu-principal" className={`container main-nav__list${menuOpen ? ' main-nav__list--open' : ''}`}>
            {me ? null : (
              <li>
                <a href={hrefOf('connexion')} aria-current={route === 'connexion' ? 'page' : undefined}>
                  Connexion
                </a>
              </li>
            )}
            {links.map((item) => (
              <li key={item.route}>
                <a href={hrefOf(item.route)} aria-current={route === item.route ? 'page' : item.also?.includes(route) ? 'true' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="contenu" tabIndex={-1} className="container main">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <p>Relais — logiciel libre sous licence EUPL 1.2, au service du premier accueil social inconditionnel de proximité.</p>
          <ul className="site-footer__links">
            <li>
              <a href={hrefOf('api')}>Référence de l’API</a>
            </li>
            <li>
              <a href={apiUrl('/api/openapi.json')}>Description OpenAPI (JSON)</a>
            </li>
            <li>
              <a href="/carte">Carte publique des lieux d’accueil</a>
            </li>
          </ul>
        </div>
      </footer>
    </>
  );
}
