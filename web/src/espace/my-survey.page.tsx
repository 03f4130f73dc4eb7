/**
 * « Mon avis sur l’accueil » (issue 15, point 3; ADR 0038): the satisfaction survey she got by
 * SMS, answered here with the same mark from 1 to 5 and an optional comment; or no more surveys,
 * exactly as answering STOP.
 */
import { useId, useState } from 'react';
import { postJson } from '../api/http';
import { Done, formatWhen, Refusal, Status, useAction, useLoad } from './espace-kit';

interface MySurvey {
  survey: { id: string; placeName: string; trigger: 'reception' | 'parcours'; sentAt: string } | null;
  optedOut: boolean;
}

const SCORES = [
  [1, 'Très mauvais'],
  [2, 'Mauvais'],
  [3, 'Moyen'],
  [4, 'Bon'],
  [5, 'Très bon'],
] as const;

export function MySurveyPage({ token }: { token: string }) {
  const { state, reload } = useLoad<MySurvey>('/api/me/person/survey', token);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const answer = useAction();
  const stop = useAction();
  const id = useId();
  return (
    <section className="espace-page" aria-labelledby="survey-title">
      <h2 id="survey-title">Mon avis sur l’accueil</h2>
      <Done text={answer.done} />
      <Status state={state}>
        {state.status === 'ready' && state.value.optedOut ? <p>Vous ne recevez plus d’enquêtes de satisfaction.</p> : null}
        {state.status === 'ready' && !state.value.optedOut && !state.value.survey ? <p>Vous n’avez pas d’enquête à remplir.</p> : null}
        {state.status === 'ready' && state.value.survey ? (
          <form
            onSubmit={async (event) => {
              event.preventDefault();
              const survey = state.value.survey;
              if (!survey || score === null) return;
              const body = { surveyId: survey.id, score, ...(comment.trim() ? { comment: comment.trim() } : {}) };
              if (await answer.run(() => postJson('/api/me/person/survey/answer', body, token), 'Merci pour votre réponse.')) reload();
            }}
          >
            <p>
              {state.value.survey.trigger === 'parcours' ? 'Votre accompagnement' : 'Votre accueil'} à {state.value.survey.placeName}{' '}
              (message reçu le {formatWhen(state.value.survey.sentAt)}).
            </p>
            <fieldset className="espace-scores">
              <legend>Votre note, de 1 (très mauvais) à 5 (très bon)</legend>
              {SCORES.map(([value, label]) => (
                <label key={value}>
                  <input
                    type="radio"
                    name={`${id}-score`}
                    value={value}
                    required
                    checked={score === value}
                    onChange={() => setScore(value)}
                  />
                  {value} – {label}
                </label>
              ))}
            </fieldset>
            <div className="espace-field">
              <label htmlFor={`${id}-comment`}>Un commentaire (facultatif)</label>
              <textarea id={`${id}-comment`} rows={3} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
            </div>
            {answer.error ? <Refusal error={answer.error} /> : null}
            <button type="submit" className="espace-button" disabled={answer.busy || score === null}>
              Envoyer ma note
            </button>
          </form>
        ) : null}
        {state.status === 'ready' && !state.value.optedOut ? (
          <>
            <h3>Ne plus recevoir d’enquêtes</h3>
            <p>C’est comme répondre STOP au SMS : vous ne recevrez plus aucune enquête.</p>
            {stop.error ? <Refusal error={stop.error} /> : null}
            <button
              type="button"
              className="espace-button espace-button--secondary"
              disabled={stop.busy}
              onClick={async () => {
                if (
                  await stop.run(() => postJson('/api/me/person/survey/stop', {}, token), 'C’est noté : vous ne recevrez plus d’enquêtes.')
                )
                  reload();
              }}
            >
              Ne plus recevoir d’enquêtes
            </button>
            <Done text={stop.done} />
          </>
        ) : null}
      </Status>
    </section>
  );
}
