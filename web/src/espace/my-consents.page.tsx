import { type FormEvent, useState } from 'react';
import './espace-pages.css';
import './file-pages.css';
import { ApiError, messageOf, requestJson } from '../api/http';
import { FileState } from './my-file.page';
import { type MyFile, frenchDate, useMyFile } from './my-file';

interface Choices {
  networkSharing: boolean;
  smsSurveys: boolean;
  beingContacted: boolean;
}

const QUESTIONS: Array<{ key: keyof Choices; label: string; hint: string }> = [
  {
    key: 'networkSharing',
    label: 'Les structures du réseau peuvent voir mon dossier',
    hint: 'Sinon, seule la structure qui m’a accueillie le voit. Les autres savent seulement qui contacter.',
  },
  {
    key: 'smsSurveys',
    label: 'On peut me demander par SMS mon avis sur un accueil',
    hint: 'Un SMS au plus toutes les deux semaines. Je peux répondre STOP.',
  },
  {
    key: 'beingContacted',
    label: 'On peut me prévenir par SMS ou e-mail de mes orientations',
    hint: 'Par exemple : où je suis orientée, l’adresse et les horaires.',
  },
];

function ConsentsForm({ token, data, onSaved }: { token: string; data: MyFile; onSaved: () => void }) {
  const initial: Choices = {
    networkSharing: data.consents.networkSharing.given,
    smsSurveys: data.consents.smsSurveys.given,
    beingContacted: data.consents.beingContacted,
  };
  const [choices, setChoices] = useState<Choices>(initial);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const changed = (Object.keys(initial) as Array<keyof Choices>).filter((k) => choices[k] !== initial[k]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (changed.length === 0) {
      setMessage({ kind: 'error', text: 'Vous n’avez rien changé.' });
      return;
    }
    setSaving(true);
    setMessage(null);
    try {
      await requestJson('/api/me/person/consents', {
        method: 'PATCH',
        token,
        body: { version: data.consents.version, ...Object.fromEntries(changed.map((k) => [k, choices[k]])) },
      });
      setMessage({ kind: 'done', text: 'C’est enregistré. Merci.' });
      onSaved();
    } catch (e) {
      const text =
        e instanceof ApiError && e.status === 409
          ? 'Votre dossier a changé entre-temps : rechargez la page puis recommencez.'
          : messageOf(e);
      setMessage({ kind: 'error', text });
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <fieldset className="espace-fieldset">
        <legend>Je suis d’accord pour :</legend>
        {QUESTIONS.map((q) => (
          <div key={q.key} className="espace-check">
            <input
              id={`accord-${q.key}`}
              type="checkbox"
              checked={choices[q.key]}
              onChange={(e) => setChoices({ ...choices, [q.key]: e.target.checked })}
              aria-describedby={`accord-${q.key}-hint`}
            />
            <label htmlFor={`accord-${q.key}`}>{q.label}</label>
            <p id={`accord-${q.key}-hint`} className="espace-hint">
              {q.hint}
            </p>
          </div>
        ))}
      </fieldset>
      <p className="espace-hint">
        Dernier changement de mon accord pour le partage : le {frenchDate(data.consents.networkSharing.recordedAt)}.
      </p>
      {message ? (
        <p className={message.kind === 'done' ? 'espace-done' : 'espace-error'} role={message.kind === 'done' ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
      <button type="submit" className="espace-button" disabled={saving}>
        {saving ? 'Enregistrement…' : 'Enregistrer mes choix'}
      </button>
    </form>
  );
}

/** « Mes accords »: she changes her consents herself (issue 15 point 3). */
export function MyConsentsPage({ token }: { token: string }) {
  const { file, reload } = useMyFile(token);
  return (
    <div className="espace-page">
      <h1>Mes accords</h1>
      <p>Vous choisissez. Vous pouvez changer d’avis quand vous voulez.</p>
      <FileState file={file}>{(data) => <ConsentsForm key={data.consents.version} token={token} data={data} onSaved={reload} />}</FileState>
    </div>
  );
}
