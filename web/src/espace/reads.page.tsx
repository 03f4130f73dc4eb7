/**
 * « Qui a consulté mon dossier » (issue 15, point 4; ADR 0038): every read of her file across the
 * network, newest first — when, which organisation, which role, why, an « accès exceptionnel »
 * with its reason — and, for a read she does not understand, a flag to the coordination with
 * her comment.
 */
import { useId, useState } from 'react';
import { getJson, messageOf, postJson } from '../api/http';
import { Done, formatWhen, Refusal, Status, useAction, useLoad } from './espace-kit';

interface MyRead {
  id: string;
  at: string;
  organisationName: string;
  role: string;
  purpose: string;
  exceptional: boolean;
  reason?: string;
  flag?: { status: 'open' | 'handled'; flaggedAt: string; comment?: string };
}
interface ReadsPage {
  items: MyRead[];
  nextCursor: string | null;
}

function FlagForm({ read, token, onDone }: { read: MyRead; token: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const action = useAction();
  const fieldId = useId();
  if (read.flag) {
    return (
      <p className="espace-tag" data-testid="read-flag">
        {read.flag.status === 'open' ? 'Signalée à la coordination' : 'Signalement traité par la coordination'}
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" className="espace-button espace-button--secondary" onClick={() => setOpen(true)}>
        Je ne comprends pas cette consultation
      </button>
    );
  }
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        const body = comment.trim() ? { comment: comment.trim() } : {};
        if (
          await action.run(
            () => postJson(`/api/me/person/reads/${read.id}/flag`, body, token),
            'Merci : la coordination du réseau a reçu votre signalement.',
          )
        )
          onDone();
      }}
    >
      <div className="espace-field">
        <label htmlFor={fieldId}>Dites-nous ce que vous ne comprenez pas (facultatif)</label>
        <textarea id={fieldId} rows={3} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      {action.error ? <Refusal error={action.error} /> : null}
      <button type="submit" className="espace-button" disabled={action.busy}>
        Signaler à la coordination
      </button>{' '}
      <button type="button" className="espace-button espace-button--secondary" onClick={() => setOpen(false)}>
        Annuler
      </button>
      <Done text={action.done} />
    </form>
  );
}

export function ReadsPage({ token }: { token: string }) {
  const { state, reload } = useLoad<ReadsPage>('/api/me/person/reads?limit=20', token);
  const [more, setMore] = useState<MyRead[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [moreError, setMoreError] = useState<string | null>(null);
  const next = cursor === undefined ? (state.status === 'ready' ? state.value.nextCursor : null) : cursor;
  const items = state.status === 'ready' ? [...state.value.items, ...more] : [];
  const refresh = () => {
    setMore([]);
    setCursor(undefined);
    reload();
  };

  return (
    <section className="espace-page" aria-labelledby="reads-title">
      <h2 id="reads-title">Qui a consulté mon dossier</h2>
      <p>
        Chaque fois qu’un professionnel du réseau lit votre dossier, c’est écrit ici. Les plus récentes sont en haut. Si une consultation
        vous étonne, signalez-la : la coordination du réseau vérifiera.
      </p>
      <Status state={state}>
        {items.length === 0 ? <p>Personne n’a encore consulté votre dossier.</p> : null}
        <ol className="espace-list" data-testid="reads">
          {items.map((read) => (
            <li key={read.id} className="espace-card" data-testid="read">
              <dl>
                <dt>Quand</dt>
                <dd>{formatWhen(read.at)}</dd>
                <dt>Qui</dt>
                <dd>
                  {read.organisationName} — {read.role}
                </dd>
                <dt>Pourquoi</dt>
                <dd>
                  {read.exceptional ? <strong>Accès exceptionnel{read.reason ? ` : ${read.reason}` : ''}. </strong> : null}
                  {read.purpose}
                </dd>
              </dl>
              <FlagForm read={read} token={token} onDone={refresh} />
            </li>
          ))}
        </ol>
        {moreError ? (
          <p className="espace-notice espace-notice--error" role="alert">
            {moreError}
          </p>
        ) : null}
        {next ? (
          <button
            type="button"
            className="espace-button espace-button--secondary"
            onClick={async () => {
              try {
                const page = await getJson<ReadsPage>(`/api/me/person/reads?limit=20&cursor=${encodeURIComponent(next)}`, token);
                setMore((m) => [...m, ...page.items]);
                setCursor(page.nextCursor);
                setMoreError(null);
              } catch (error) {
                setMoreError(messageOf(error));
              }
            }}
          >
            Voir les consultations plus anciennes
          </button>
        ) : null}
      </Status>
    </section>
  );
}
