/**
 * Moderation of the public map, on a site's page: everyone who reads the site sees whether the
 * public map shows it (a partner's new public site waits for the coordination); the coordination
 * approves it or refuses it with a reason the partner reads (API.md « Directory freshness »).
 */
import { useId, useState } from 'react';
import { useApiMutation } from '../api/queries';
import type { Site } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { isCoordinator } from '../auth/permissions';
import { ErrorNotice } from '../components/status';
import { formatDate } from '../labels';

const STATES: Readonly<Record<Site['publication'], string>> = {
  pending: 'En attente de validation par la coordination : la carte publique ne montre pas encore ce lieu.',
  approved: 'Validé par la coordination.',
  rejected: 'Refusé par la coordination : la carte publique ne montre pas ce lieu.',
};

export function SitePublication({ site, onChanged }: { site: Site; onChanged?: (site: Site) => void }) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const options = { invalidates: () => [['sites'], ['sites', site.id]] as const, onSuccess: onChanged, focusOnProblem: false };
  const approving = useApiMutation((api, _: undefined) => api.post<Site>(`/api/sites/${site.id}/approve`, {}), options);
  const rejecting = useApiMutation((api, body: { reason: string }) => api.post<Site>(`/api/sites/${site.id}/reject`, body), options);
  if (!site.onPublicMap || !site.unconditionalReception) return null;
  const publication = site.publication ?? 'approved';
  const error = approving.error ?? rejecting.error;
  return (
    <section className="notice" aria-label="Carte publique" data-testid="site-publication">
      <p>
        <strong>Carte publique :</strong> {STATES[publication]}
        {publication === 'rejected' && site.rejectionReason ? ` Raison : ${site.rejectionReason}` : ''}
      </p>
      {error ? <ErrorNotice>{error}</ErrorNotice> : null}
      {isCoordinator(me) && publication !== 'approved' ? (
        <div className="field-row">
          <button type="button" className="button" disabled={approving.busy} onClick={() => approving.run(undefined)}>
            Approuver la publication
          </button>
          {publication === 'pending' ? (
            <>
              <label htmlFor={reasonId}>Raison du refus</label>
              <input id={reasonId} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
              <button
                type="button"
                className="button button--secondary"
                disabled={rejecting.busy}
                onClick={() => rejecting.run({ reason })}
              >
                Refuser
              </button>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** The entry's quality (0–100) and what would raise it, for its editors and the coordination. */
export function SiteQuality({ site }: { site: Site }) {
  return (
    <p className="notice" data-testid="site-quality">
      <strong>Qualité de la fiche : {site.quality.score} / 100.</strong>{' '}
      {site.quality.missing.length ? `À compléter : ${site.quality.missing.join(', ')}.` : 'Rien ne manque.'}{' '}
      {site.toVerify ? 'La carte publique l’affiche comme « information à vérifier ». ' : ''}
      Dernière vérification le {formatDate(site.lastVerifiedAt.slice(0, 10))}.
    </p>
  );
}
