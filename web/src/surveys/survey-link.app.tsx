/**
 * `#/reponse/<token>`: the one-question page a survey SMS links to when the stage has no two-way
 * number (issue 18, point 2; ADR 0041). No account: the signed link is the only credential. The
 * question, five large buttons (Tab moves between them, Enter or Space sends the mark), and « ne
 * plus recevoir de messages », which is the same as answering STOP. An answered or expired link
 * says so (410).
 */
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, getJson, messageOf, postJson } from '../api/http';
import { newQueryClient } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { isSurveyLinkHash, surveyTokenOf } from './survey-link-hash';
import '../components/layout.css';
import './survey-link.css';
import { apiConfigured, LinkPageFrame } from '../public/link-frame';

interface SurveyLinkPage {
  placeName: string;
  trigger: 'reception' | 'parcours';
  expiresAt: string;
  optedOut: boolean;
}

const SCORES = [
  [5, 'Très bien'],
  [4, 'Bien'],
  [3, 'Moyen'],
  [2, 'Mal'],
  [1, 'Très mal'],
] as const;

const TITLE = 'Votre avis sur l’accueil';
const refusal = (status: number, message: string) =>
  status === 401 ? 'Ce lien n’est pas valable : vérifiez qu’il est complet, tel que vous l’avez reçu par SMS.' : message;

function StopMessages({ path, optedOut }: { path: string; optedOut: boolean }) {
  const [state, setState] = useState<'idle' | 'busy' | 'done' | string>(optedOut ? 'done' : 'idle');
  if (state === 'done') return <SuccessNotice>C’est noté : vous ne recevrez plus de messages de satisfaction de Relais.</SuccessNotice>;
  return (
    <section className="survey-stop" aria-labelledby="survey-stop-title">
      <h2 id="survey-stop-title">Ne plus recevoir de messages</h2>
      <p>C’est comme répondre STOP : vous ne recevrez plus aucun message de satisfaction.</p>
      {state !== 'idle' && state !== 'busy' ? <ErrorNotice>{state}</ErrorNotice> : null}
      <button
        type="button"
        className="button button--secondary"
        disabled={state === 'busy'}
        onClick={async () => {
          setState('busy');
          try {
            await postJson(`${path}/stop`, {});
            setState('done');
          } catch (error) {
            setState(messageOf(error));
          }
        }}
      >
        Ne plus recevoir de messages
      </button>
    </section>
  );
}

function SurveyLinkPageView({ token }: { token: string }) {
  const path = `/api/survey-links/${encodeURIComponent(token)}`;
  const query = useQuery({
    queryKey: ['survey-links', token],
    queryFn: async ({ signal }) => {
      await apiConfigured;
      return getJson<SurveyLinkPage>(path, undefined, signal);
    },
    retry: false,
  });
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [answered, setAnswered] = useState<number | null>(null);

  if (query.status === 'pending') {
    return (
      <>
        <PageHeading title={TITLE} />
        <Loading>Chargement…</Loading>
      </>
    );
  }
  if (query.status === 'error') {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    return (
      <>
        <PageHeading title={TITLE} />
        <ErrorNotice onRetry={status === 0 || status >= 500 ? () => void query.refetch() : undefined}>
          {refusal(status, messageOf(query.error))}
        </ErrorNotice>
        {status === 410 ? <StopMessages path={path} optedOut={false} /> : null}
      </>
    );
  }
  const page = query.data;
  const what = page.trigger === 'parcours' ? 'votre accompagnement' : 'votre accueil';
  return (
    <>
      <PageHeading title={TITLE} />
      {answered !== null ? (
        <SuccessNotice>Merci ! Votre note, {answered} sur 5, est bien enregistrée.</SuccessNotice>
      ) : (
        <form onSubmit={(event) => event.preventDefault()} aria-describedby={problem ? 'survey-problem' : undefined} noValidate>
          <fieldset className="survey-scores" disabled={sending}>
            <legend>
              Comment s’est passé {what} à {page.placeName || 'votre lieu d’accueil'} ? Choisissez une note de 1 (très mal) à 5 (très bien).
            </legend>
            {SCORES.map(([score, label]) => (
              <button
                key={score}
                type="button"
                className="button survey-score"
                onClick={async () => {
                  setSending(true);
                  setProblem(null);
                  try {
                    await postJson(path, { score });
                    setAnswered(score);
                  } catch (error) {
                    setProblem(messageOf(error));
                  } finally {
                    setSending(false);
                  }
                }}
              >
                <span className="survey-score__value">{score}</span>
                <span>{label}</span>
              </button>
            ))}
          </fieldset>
          {problem ? (
            <p id="survey-problem" className="notice notice--error" role="alert">
              {problem}
            </p>
          ) : null}
        </form>
      )}
      <StopMessages path={path} optedOut={page.optedOut} />
    </>
  );
}

export default function SurveyLinkApp() {
  const [queryClient] = useState(newQueryClient);
  const [token] = useState(() => surveyTokenOf(window.location.hash));
  return (
    <LinkPageFrame isOwnHash={isSurveyLinkHash}>
      <QueryClientProvider client={queryClient}>
        <SurveyLinkPageView token={token} />
      </QueryClientProvider>
    </LinkPageFrame>
  );
}
