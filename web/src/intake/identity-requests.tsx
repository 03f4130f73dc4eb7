/**
 * Identity corrections asked by persons from « Mon espace » (issue 15, point 3; ADR 0038), for
 * the organisation that recorded them: each change asked, validated (the ordinary correction
 * runs, duplicates check included) or refused with a reason the person reads.
 */
import { useId, useState } from 'react';
import { ApiError, messageOf } from '../api/http';
import { useApi, useApiQuery } from '../api/queries';
import { ErrorNotice } from '../components/status';
import { formatDate, formatDateTime } from '../labels';
import { links } from '../router';

interface IdentityRequest {
  id: string;
  personId: string;
  at: string;
  changes: { lastName?: string; firstName?: string; birthDate?: string };
}

function Decide({ request, onDone }: { request: IdentityRequest; onDone: () => void }) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onDone();
    } catch (e) {
      // A possible duplicate: the correction is checked on the person's record, as any correction.
      setError(
        e instanceof ApiError && e.code === 'intake.person.possible-duplicate'
          ? `${messageOf(e)} Ouvrez sa fiche pour corriger son identité en vérifiant les doublons.`
          : messageOf(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => run(() => api.post(`/api/identity-requests/${request.id}/validate`, {}))}
      >
        Valider la correction
      </button>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => api.post(`/api/identity-requests/${request.id}/reject`, { reason }));
        }}
      >
        <label htmlFor={id}>Motif du refus (la personne le lira)</label>
        <input id={id} value={reason} minLength={3} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="button button--secondary" disabled={busy}>
          Refuser
        </button>
      </form>
      {error ? <ErrorNotice>{error}</ErrorNotice> : null}
    </div>
  );
}

export function IdentityRequests() {
  const { state, reload } = useApiQuery<{ items: IdentityRequest[] }>('/api/identity-requests?limit=50');
  const titleId = useId();
  if (state.status !== 'ready' || state.value.items.length === 0) return null;
  return (
    <section aria-labelledby={titleId} data-testid="identity-requests">
      <h2 id={titleId}>Corrections d’identité demandées par les personnes</h2>
      <ul className="plain-list">
        {state.value.items.map((r) => (
          <li key={r.id} data-testid="identity-request">
            <p>
              Demandée le {formatDateTime(r.at)} — <a href={links.person(r.personId)}>fiche de la personne</a>
            </p>
            <ul>
              {r.changes.lastName ? <li>Nom : {r.changes.lastName}</li> : null}
              {r.changes.firstName ? <li>Prénom : {r.changes.firstName}</li> : null}
              {r.changes.birthDate ? <li>Date de naissance : {formatDate(r.changes.birthDate)}</li> : null}
            </ul>
            <Decide request={r} onDone={reload} />
          </li>
        ))}
      </ul>
    </section>
  );
}
