/**
 * Small pieces the pages of « Mon espace » share (issue 15, ADR 0038): loading an API answer with
 * the person's token, showing a refusal with every field the server named, dates in plain
 * French. Kept to React and `../api/http` alone: the space's bundle stays light.
 */
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError, getJson, messageOf } from '../api/http';
import './espace-pages.css';

export type Loaded<T> = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; value: T };

/** GET `path` with her token; `reload` after a change. */
export function useLoad<T>(path: string, token: string): { state: Loaded<T>; reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    getJson<T>(path, token, controller.signal).then(
      (value) => setState({ status: 'ready', value }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', message: messageOf(error) });
      },
    );
    return () => controller.abort();
    // `round` asks for a fresh answer.
  }, [path, token, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { state, reload };
}

const dayFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const timeFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

/** « 6 décembre 2026 » from `2026-12-06` or an instant. */
export const formatDay = (value: string): string => dayFormat.format(new Date(value.length === 10 ? `${value}T12:00:00Z` : value));
/** « 6 décembre 2026 à 14:05 ». */
export const formatWhen = (iso: string): string => `${formatDay(iso)} à ${timeFormat.format(new Date(iso))}`;

/** What went wrong, in the server's words, with each field it named. */
export function Refusal({ error }: { error: unknown }) {
  const fields = error instanceof ApiError ? error.errors : [];
  return (
    <div className="espace-notice espace-notice--error" role="alert">
      <p>{messageOf(error)}</p>
      {fields.length ? (
        <ul>
          {fields.map((f) => (
            <li key={f.path}>{f.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Status({ state, children }: { state: Loaded<unknown>; children: ReactNode }) {
  if (state.status === 'loading')
    return (
      <p className="espace-notice" role="status">
        Chargement…
      </p>
    );
  if (state.status === 'failed')
    return (
      <p className="espace-notice espace-notice--error" role="alert">
        {state.message}
      </p>
    );
  return <>{children}</>;
}

/** Runs a change, keeps its error, and says when it is done. */
export function useAction(): {
  busy: boolean;
  error: unknown;
  done: string | null;
  run: (work: () => Promise<unknown>, doneText: string) => Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>, doneText: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(doneText);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run };
}

export function Done({ text }: { text: string | null }) {
  return text ? (
    <p className="espace-notice espace-notice--done" role="status">
      {text}
    </p>
  ) : null;
}
