/**
 * `#/verification/<token>`: the page a partner without a Relais account opens from the message
 * asking it to check its directory entries (issue 16). The signed token is the only credential:
 * scoped to that one request and valid 30 days. « Tout est juste » in one click, or correct a
 * place's hours or phone, or say it closed. After 30 days the API answers 410 with the
 * coordination's contact, shown as it is.
 */
import { useEffect, useId, useState } from 'react';
import { ApiError, getJson, messageOf, postJson, requestJson } from '../api/http';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { formatDate, formatPhone } from '../labels';
import { isReviewLinkHash } from '../router';
import '../components/layout.css';
import { apiConfigured, LinkPageFrame } from './link-frame';

interface ReviewSite {
  id: string;
  name: string;
  version: number;
  address: string;
  openingHours: string;
  phone?: string;
  closed: boolean;
  lastVerifiedAt: string;
  quality: { score: number; missing: string[] };
}
interface ReviewLinkView {
  organisationName: string;
  /** A campaign's request: the coordinator's words (plain text). */
  coordinatorMessage?: string;
  status: 'sent' | 'confirmed' | 'corrected' | 'unanswered';
  expiresAt: string;
  sites: ReviewSite[];
  services: Array<{ id: string; name: string; lastVerifiedAt: string; quality: { score: number; missing: string[] } }>;
}

const tokenOf = (hash: string): string => decodeURIComponent(hash.replace(/^#\/verification\//, '').split(/[/?]/)[0] ?? '');

/** What went wrong, with every field the API named (in French). */
const problemText = (error: unknown): string =>
  error instanceof ApiError && error.errors.length
    ? `${error.message} ${error.errors.map((e) => e.message).join(' ; ')}`
    : error instanceof ApiError && error.status === 401
      ? 'Ce lien n’est pas valable : il a été modifié en chemin. Demandez à la coordination du réseau de vous le renvoyer.'
      : messageOf(error);

function SiteCorrection({ site, path, onDone }: { site: ReviewSite; path: string; onDone: (view: ReviewLinkView) => void }) {
  const [hours, setHours] = useState(site.openingHours);
  const [phone, setPhone] = useState(site.phone ? formatPhone(site.phone) : '');
  const [closed, setClosed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const save = async () => {
    setError(null);
    try {
      const body: Record<string, unknown> = { version: site.version };
      if (hours.trim() !== site.openingHours) body.openingHours = hours.trim();
      if (phone.trim() !== (site.phone ? formatPhone(site.phone) : '')) body.phone = phone.trim() === '' ? null : phone.trim();
      if (closed) body.closed = true;
      onDone(await requestJson<ReviewLinkView>(`${path}/sites/${site.id}`, { method: 'PATCH', body }));
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <details className="review-site__correction">
      <summary>Corriger ce lieu</summary>
      {error ? <ErrorNotice>{error}</ErrorNotice> : null}
      <div className="field">
        <label htmlFor={`${id}-hours`}>Horaires (syntaxe OpenStreetMap, par exemple Mo-Fr 09:00-12:00)</label>
        <input id={`${id}-hours`} type="text" value={hours} onChange={(e) => setHours(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-phone`}>Téléphone (par exemple 05 65 12 34 56)</label>
        <input id={`${id}-phone`} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
      </div>
      <div className="field field--checkbox">
        <input id={`${id}-closed`} type="checkbox" checked={closed} onChange={(e) => setClosed(e.target.checked)} />
        <label htmlFor={`${id}-closed`}>Ce lieu a fermé (il quitte la carte publique)</label>
      </div>
      <button type="button" className="button" onClick={() => void save()}>
        Enregistrer la correction
      </button>
    </details>
  );
}

function ReviewLinkPage({ token }: { token: string }) {
  const path = `/api/review-links/${encodeURIComponent(token)}`;
  const [view, setView] = useState<ReviewLinkView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    apiConfigured
      .then(() => getJson<ReviewLinkView>(path))
      .then(setView)
      .catch((e: unknown) => setError(problemText(e)));
  }, [path]);

  if (error && !view)
    return (
      <>
        <PageHeading title="Vérifier vos fiches" />
        <ErrorNotice>{error}</ErrorNotice>
      </>
    );
  if (!view)
    return (
      <>
        <PageHeading title="Vérifier vos fiches" />
        <Loading>Chargement de vos fiches…</Loading>
      </>
    );
  const confirm = async () => {
    setError(null);
    try {
      setView(await postJson<ReviewLinkView>(`${path}/confirm`, {}));
      setDone('Merci : vos fiches sont marquées « vérifiées » aujourd’hui.');
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <>
      <PageHeading title={`Vérifier les fiches de ${view.organisationName}`} />
      <p>
        Voici ce que l’annuaire du réseau montre de votre structure. Ce lien vaut jusqu’au {formatDate(view.expiresAt.slice(0, 10))}, sans
        compte.
      </p>
      {view.coordinatorMessage ? (
        <figure>
          <figcaption>Message de la coordination du réseau :</figcaption>
          <blockquote style={{ whiteSpace: 'pre-line' }}>{view.coordinatorMessage}</blockquote>
        </figure>
      ) : null}
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {error ? <ErrorNotice>{error}</ErrorNotice> : null}
      {view.status === 'sent' ? (
        <button type="button" className="button button--primary" onClick={() => void confirm()}>
          Tout est juste
        </button>
      ) : null}
      <h2>Lieux d’accueil</h2>
      <ul className="review-list">
        {view.sites.map((site) => (
          <li key={site.id} className="review-site">
            <h3>{site.name}</h3>
            <p>{site.address}</p>
            <p>Horaires : {site.openingHours || 'non renseignés'}</p>
            <p>Téléphone : {site.phone ? formatPhone(site.phone) : 'non renseigné'}</p>
            <p>
              Mis à jour le {formatDate(site.lastVerifiedAt.slice(0, 10))} · qualité de la fiche : {site.quality.score} / 100
              {site.quality.missing.length ? ` (à compléter : ${site.quality.missing.join(', ')})` : ''}
            </p>
            {site.closed ? <p className="badge badge--neutral">Fermé</p> : <SiteCorrection site={site} path={path} onDone={setView} />}
          </li>
        ))}
      </ul>
      {view.services.length ? (
        <>
          <h2>Services</h2>
          <ul className="review-list">
            {view.services.map((service) => (
              <li key={service.id}>
                {service.name} — qualité {service.quality.score} / 100
                {service.quality.missing.length ? ` (à compléter : ${service.quality.missing.join(', ')})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export default function ReviewLinkApp() {
  const [token] = useState(() => tokenOf(window.location.hash));
  return (
    <LinkPageFrame isOwnHash={isReviewLinkHash}>
      <ReviewLinkPage token={token} />
    </LinkPageFrame>
  );
}
