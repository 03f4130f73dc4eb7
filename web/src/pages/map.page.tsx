import { lazy, useId, useState } from 'react';
import type { Site } from '../api/types';
import { useMapStyleUrl } from '../auth/auth-context';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, UnconditionalBadge } from '../components/status';
import { OpeningHours } from '../components/theme-list';
import { useDirectory } from '../directory/directory-data';
import { formatOpeningHours } from '../labels';
import type { SiteSelection } from '../map/site-map';
import { links } from '../router';
import { MapSlot } from '../map/map-slot';
import '../map/map.css';

const SiteMap = lazy(() => import('../map/site-map'));

/** A site in the list under the map; « Voir sur la carte » opens it on the map. */
function SiteCard({
  site,
  organisationName,
  onShow,
}: {
  site: Site;
  organisationName: string;
  onShow: (selection: SiteSelection) => void;
}) {
  return (
    <li className="site-card" data-testid="map-site-item">
      <h3 className="site-card__title">
        <a href={links.site(site.id)}>{site.name}</a>
      </h3>
      {site.unconditionalReception ? <UnconditionalBadge /> : null}
      <p className="site-card__org">{organisationName}</p>
      <p>
        {site.address} <span className="muted">(commune {site.communeCode})</span>
      </p>
      <OpeningHours lines={formatOpeningHours(site.openingHours)} />
      <button
        type="button"
        className="button button--tertiary"
        onClick={(event) => onShow({ siteId: site.id, nonce: Date.now(), returnFocus: event.currentTarget })}
      >
        Voir sur la carte<span className="visually-hidden"> : {site.name}</span>
      </button>
    </li>
  );
}

export function MapPage() {
  const { data, reload } = useDirectory();
  const [selection, setSelection] = useState<SiteSelection | null>(null);
  const listTitle = useId();
  const styleUrl = useMapStyleUrl();

  return (
    <>
      <PageHeading title="Carte" />
      <p className="lead">
        Les lieux d’accueil du réseau. Choisissez un point pour voir le lieu ; la liste sous la carte donne les mêmes informations.
      </p>

      {data.status === 'loading' ? <Loading>Chargement des lieux…</Loading> : null}
      {data.status === 'failed' ? <ErrorNotice onRetry={reload}>Les lieux n’ont pas pu être chargés : {data.message}</ErrorNotice> : null}

      {data.status === 'ready' ? (
        <>
          <MapSlot>
            <SiteMap sites={data.sites} organisationName={data.organisationName} selection={selection} styleUrl={styleUrl} />
          </MapSlot>
          <ul className="legend" aria-label="Légende de la carte">
            <li>
              <span className="legend__dot legend__dot--unconditional" aria-hidden="true" /> Lieu d’accueil inconditionnel
            </li>
            <li>
              <span className="legend__dot legend__dot--other" aria-hidden="true" /> Autre lieu du réseau
            </li>
          </ul>

          <section aria-labelledby={listTitle} className="map-list">
            <h2 id={listTitle}>Liste des lieux ({data.sites.length})</h2>
            <ul className="site-cards">
              {data.sites.map((site) => (
                <SiteCard key={site.id} site={site} organisationName={data.organisationName(site.organisationId)} onShow={setSelection} />
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
