/**
 * The person's requests on her parcours, on the parcours page (issue 15, point 3; ADR 0038): the
 * goals she proposes, her view before a meeting, her request for another référent. Every member
 * reads them; the référent answers, and may accept a proposed goal (it joins the plan).
 */
import { useId, useState } from 'react';
import { messageOf } from '../api/http';
import { useApi, useApiQuery } from '../api/queries';
import { ErrorNotice } from '../components/status';
import { formatDate, formatDateTime } from '../labels';
import { Section } from './parts';

interface PersonRequest {
  id: string;
  kind: 'goal' | 'view' | 'referent';
  status: 'pending' | 'accepted' | 'answered' | 'shared';
  at: string;
  title?: string;
  text?: string;
  meetingDate?: string;
  answer?: { text?: string; at: string; by: { name: string } };
}

const KIND: Record<PersonRequest['kind'], string> = {
  goal: 'Objectif proposé par la personne',
  view: 'Avis de la personne avant une réunion',
  referent: 'Demande d’un autre référent',
};
const STATUS: Record<PersonRequest['status'], string> = {
  pending: 'en attente de votre réponse',
  accepted: 'acceptée : objectif ajouté au plan',
  answered: 'répondue',
  shared: 'transmis aux membres',
};

function Answer({ parcoursId, request, onDone }: { parcoursId: string; request: PersonRequest; onDone: (accepted: boolean) => void }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const send = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/parcours/${parcoursId}/person-requests/${request.id}/answer`, {
        ...(text.trim() ? { text: text.trim() } : {}),
        ...(accept ? { accept: true } : {}),
      });
      onDone(accept);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void send(false);
      }}
    >
      <label htmlFor={id}>Votre réponse à la personne</label>
      <textarea id={id} rows={2} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="button button--secondary" disabled={busy}>
        Répondre
      </button>
      {request.kind === 'goal' ? (
        <button type="button" className="button" disabled={busy} onClick={() => void send(true)}>
          Accepter comme objectif
        </button>
      ) : null}
      {error ? <ErrorNotice>{error}</ErrorNotice> : null}
    </form>
  );
}

export function PersonRequests({
  parcoursId,
  isReferent,
  open,
  onPlanChanged,
}: {
  parcoursId: string;
  isReferent: boolean;
  open: boolean;
  onPlanChanged: () => void;
}) {
  const { state, reload } = useApiQuery<{ items: PersonRequest[] }>(`/api/parcours/${parcoursId}/person-requests`);
  if (state.status !== 'ready' || state.value.items.length === 0) return null;
  return (
    <Section title="Demandes de la personne" testId="person-requests">
      <ul className="plain-list">
        {state.value.items.map((r) => (
          <li key={r.id} data-testid="person-request">
            <p>
              <strong>{KIND[r.kind]}</strong> le {formatDateTime(r.at)} — {STATUS[r.status]}
              {r.meetingDate ? ` (réunion du ${formatDate(r.meetingDate)})` : ''}
            </p>
            {r.title ? <p>{r.title}</p> : null}
            {r.text ? <p>{r.text}</p> : null}
            {r.answer?.text ? (
              <p className="muted">
                Réponse de {r.answer.by.name} le {formatDateTime(r.answer.at)} : {r.answer.text}
              </p>
            ) : null}
            {isReferent && open && (r.status === 'pending' || r.status === 'shared') ? (
              <Answer
                parcoursId={parcoursId}
                request={r}
                onDone={(accepted) => {
                  reload();
                  if (accepted) onPlanChanged();
                }}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}
