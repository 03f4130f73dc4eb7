/**
 * What persons send the coordination from « Mon espace » (issue 15; ADR 0038), on the
 * coordinator's access page: the reads of their file they flagged (date, organisation, role,
 * purpose, their comment) to check and mark handled, and their requests for another référent.
 * Ids, never names: the coordinator opens the person's access journal, never her file.
 */
import { useId, useState } from 'react';
import { messageOf } from '../api/http';
import { useApi, useApiQuery } from '../api/queries';
import { ErrorNotice, Loading } from '../components/status';
import { formatDateTime } from '../labels';

interface ReadFlag {
  id: string;
  status: 'open' | 'handled';
  flaggedAt: string;
  personId: string;
  read: { seq: number; at: string; organisationName: string; role: string; purpose: string; exceptional: boolean; reason?: string };
  comment?: string;
  handledAt?: string;
  handledBy?: { name: string };
  note?: string;
}

interface ReferentRequestRow {
  id: string;
  parcoursId: string;
  personId: string;
  at: string;
  status: string;
  reason: string;
  referent: { name: string; organisationId: string };
  answer?: { text?: string; at: string; by: { name: string } };
}

function HandleFlag({ flag, onDone }: { flag: ReadFlag; onDone: () => void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await api.post(`/api/audit/flags/${flag.id}/handled`, note.trim() ? { note: note.trim() } : {});
          onDone();
        } catch (e) {
          setError(messageOf(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label htmlFor={id}>Ce qui a été vérifié (facultatif)</label>
      <input id={id} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" className="button button--secondary" disabled={busy}>
        Marquer traité
      </button>
      {error ? <ErrorNotice>{error}</ErrorNotice> : null}
    </form>
  );
}

export function PersonSignals({ onJournal }: { onJournal: (personId: string) => void }) {
  const flags = useApiQuery<{ items: ReadFlag[] }>('/api/audit/flags?status=open&limit=100');
  const requests = useApiQuery<{ items: ReferentRequestRow[] }>('/api/referent-requests?status=pending&limit=100');
  const flagsId = useId();
  const requestsId = useId();
  return (
    <>
      <section aria-labelledby={flagsId} data-testid="read-flags">
        <h2 id={flagsId}>Consultations signalées par les personnes</h2>
        {flags.state.status === 'loading' ? <Loading>Chargement des signalements…</Loading> : null}
        {flags.state.status === 'failed' ? <ErrorNotice>{flags.state.message}</ErrorNotice> : null}
        {flags.state.status === 'ready' && flags.state.value.items.length === 0 ? <p>Aucun signalement à traiter.</p> : null}
        {flags.state.status === 'ready' && flags.state.value.items.length > 0 ? (
          <table className="data-table">
            <caption className="visually-hidden">Consultations signalées, des plus récentes aux plus anciennes</caption>
            <thead>
              <tr>
                <th scope="col">Signalée le</th>
                <th scope="col">Consultation</th>
                <th scope="col">Commentaire de la personne</th>
                <th scope="col">Suite</th>
              </tr>
            </thead>
            <tbody>
              {flags.state.value.items.map((f) => (
                <tr key={f.id} data-testid="read-flag-row">
                  <td>{formatDateTime(f.flaggedAt)}</td>
                  <td>
                    {formatDateTime(f.read.at)} — {f.read.organisationName}, {f.read.role}
                    <br />
                    {f.read.exceptional ? <strong>Accès exceptionnel{f.read.reason ? ` : ${f.read.reason}` : ''}. </strong> : null}
                    {f.read.purpose}
                  </td>
                  <td>{f.comment ?? '—'}</td>
                  <td>
                    <button type="button" className="button button--secondary" onClick={() => onJournal(f.personId)}>
                      Journal du dossier
                    </button>
                    <HandleFlag flag={f} onDone={flags.reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby={requestsId} data-testid="referent-requests">
        <h2 id={requestsId}>Demandes de changement de référent</h2>
        <p className="hint">Le changement reste décidé avec la personne et fait par un travailleur social du parcours.</p>
        {requests.state.status === 'loading' ? <Loading>Chargement des demandes…</Loading> : null}
        {requests.state.status === 'failed' ? <ErrorNotice>{requests.state.message}</ErrorNotice> : null}
        {requests.state.status === 'ready' && requests.state.value.items.length === 0 ? <p>Aucune demande en attente.</p> : null}
        {requests.state.status === 'ready' && requests.state.value.items.length > 0 ? (
          <table className="data-table">
            <caption className="visually-hidden">Demandes en attente, des plus récentes aux plus anciennes</caption>
            <thead>
              <tr>
                <th scope="col">Demandée le</th>
                <th scope="col">Référent actuel</th>
                <th scope="col">Pourquoi</th>
                <th scope="col">Parcours</th>
              </tr>
            </thead>
            <tbody>
              {requests.state.value.items.map((r) => (
                <tr key={r.id} data-testid="referent-request-row">
                  <td>{formatDateTime(r.at)}</td>
                  <td>{r.referent.name}</td>
                  <td>{r.reason}</td>
                  <td>{r.parcoursId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}
