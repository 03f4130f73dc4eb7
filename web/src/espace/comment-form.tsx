import { type FormEvent, useId, useState } from 'react';
import { ApiError, messageOf, postJson } from '../api/http';

/**
 * « Écrire un commentaire » on her plan, a goal or an action: a short text the référent and the
 * other members read on the parcours. The button opens the field; sent, it says so.
 */
export function CommentForm(props: {
  token: string;
  parcoursId: string;
  goalId?: string;
  actionId?: string;
  about: string;
  onSent: () => void;
}) {
  const { token, parcoursId, goalId, actionId, about, onSent } = props;
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const id = useId();
  if (!open) {
    return (
      <div className="espace-comment">
        {sent ? (
          <p className="espace-done" role="status">
            Votre commentaire est envoyé à votre référent.
          </p>
        ) : null}
        <button
          type="button"
          className="espace-button espace-button-light"
          onClick={() => {
            setOpen(true);
            setSent(false);
          }}
        >
          Écrire un commentaire <span className="espace-hidden">sur {about}</span>
        </button>
      </div>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setError('Écrivez votre commentaire avant de l’envoyer.');
      return;
    }
    setSending(true);
    setError(null);
    try {
      await postJson(`/api/me/person/parcours/${encodeURIComponent(parcoursId)}/comments`, { goalId, actionId, text: text.trim() }, token);
      setText('');
      setOpen(false);
      setSent(true);
      onSent();
    } catch (e) {
      setError(e instanceof ApiError && e.errors.length ? e.errors.map((x) => x.message).join(' ') : messageOf(e));
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="espace-comment" onSubmit={submit} noValidate>
      <label htmlFor={id}>Votre commentaire sur {about}</label>
      <textarea
        id={id}
        value={text}
        maxLength={2000}
        rows={3}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="espace-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="espace-actions">
        <button type="submit" className="espace-button" disabled={sending}>
          {sending ? 'Envoi…' : 'Envoyer'}
        </button>
        <button type="button" className="espace-button espace-button-light" onClick={() => setOpen(false)}>
          Annuler
        </button>
      </div>
    </form>
  );
}
