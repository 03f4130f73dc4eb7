/**
 * What is typed in a form survives a session expiry (ADR 0022): the values are kept, a moment
 * after each change, in sessionStorage under the signed-in user's id and the form's key (the
 * record it edits). When the session ends and the user signs in again on the same page, the
 * form comes back filled, with « Votre saisie a été conservée » and a way to discard it.
 *
 * Privacy: sessionStorage only — never localStorage — so a person's details die with the tab;
 * a draft is read back by its own user only, and the drafts of any other user are removed as
 * soon as a form with a draft is opened (a shared reception desk computer); a deliberate
 * sign-out removes them all (`clearFormDrafts`); a draft older than a working day is dropped;
 * a successful submit removes the form's draft.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { useAuth } from '../auth/auth-context';

const PREFIX = 'relais.saisie.';
const DELAY_MS = 400;
const MAX_AGE_MS = 12 * 60 * 60 * 1000;

interface Stored {
  savedAt: number;
  values: unknown;
}

const storageKeys = (): string[] => {
  const keys: string[] = [];
  for (let i = 0; i < sessionStorage.length; i += 1) {
    const key = sessionStorage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
};

/** Counts the deliberate sign-outs: a form opened before one keeps nothing after it. */
let forgotten = 0;

/** Removes every draft (a deliberate sign-out), or those of every user but `keepUserId`. */
export function clearFormDrafts(keepUserId?: string): void {
  if (!keepUserId) forgotten += 1;
  try {
    for (const key of storageKeys()) if (!keepUserId || !key.startsWith(`${PREFIX}${keepUserId}:`)) sessionStorage.removeItem(key);
  } catch {
    // Storage refused (private mode): there is nothing to remove.
  }
}

function read(key: string, now = Date.now()): unknown {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return undefined;
    const stored = JSON.parse(raw) as Stored;
    if (typeof stored.savedAt !== 'number' || now - stored.savedAt > MAX_AGE_MS) {
      sessionStorage.removeItem(key);
      return undefined;
    }
    return stored.values;
  } catch {
    return undefined;
  }
}

function write(key: string, values: unknown): void {
  try {
    sessionStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), values } satisfies Stored));
  } catch {
    // A full or refused storage: the form works, without a kept copy.
  }
}

function remove(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Nothing kept.
  }
}

/** The JSON of a value, its objects' keys sorted: two equal values give the same text. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

export interface FormDraft {
  /** The form was filled from a kept draft (the notice is shown until discarded or sent). */
  restored: boolean;
  /** Forgets the kept copy and empties the form (back to its initial values). */
  discard: () => void;
  /** Forgets the kept copy (after a successful submit). */
  clear: () => void;
}

/**
 * Keeps `form`'s values under `key` (the form and its record: `accueil`, `lieu:01K…`) for the
 * signed-in user; `key` null keeps nothing. Only a form the user changed is kept.
 */
// biome-ignore lint/suspicious/noExplicitAny: any form's values and output.
export function useFormDraft<T extends FieldValues>(key: string | null, form: UseFormReturn<T, any, any>): FormDraft {
  const { state } = useAuth();
  const userId = state.status === 'signed-in' ? state.me.id : null;
  const storageKey = userId && key ? `${PREFIX}${userId}:${key}` : null;
  const [restored, setRestored] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const pending = useRef(false);
  const generation = useRef(forgotten);
  const save = useCallback(() => {
    window.clearTimeout(timer.current);
    if (!storageKey || !pending.current) return;
    pending.current = false;
    // Signed out on purpose meanwhile: the form, about to go, is not kept.
    if (generation.current !== forgotten) return;
    // Kept only when it differs from where the form started (the site filled in for the agent is no typing).
    const values = form.getValues();
    if (canonical(values) !== canonical(form.control._defaultValues)) write(storageKey, values);
    else remove(storageKey);
  }, [storageKey, form]);

  // On opening: another user's drafts go; this user's draft for this form comes back.
  useEffect(() => {
    if (!storageKey || !userId) return;
    clearFormDrafts(userId);
    const kept = read(storageKey);
    if (kept && typeof kept === 'object') {
      form.reset({ ...form.getValues(), ...(kept as T) }, { keepDefaultValues: true });
      setRestored(true);
    }
  }, [storageKey, userId, form]);

  // Each change is kept a moment later, and at once when the page goes (sign-out, reload).
  useEffect(() => {
    if (!storageKey) return;
    const subscription = form.watch(() => {
      pending.current = true;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(save, DELAY_MS);
    });
    window.addEventListener('pagehide', save);
    return () => {
      subscription.unsubscribe();
      window.removeEventListener('pagehide', save);
      save();
    };
  }, [storageKey, form, save]);

  const clear = useCallback(() => {
    window.clearTimeout(timer.current);
    pending.current = false;
    if (storageKey) remove(storageKey);
    setRestored(false);
  }, [storageKey]);

  const discard = useCallback(() => {
    clear();
    form.reset();
  }, [clear, form]);

  return { restored, discard, clear };
}

/** « Votre saisie a été conservée », with the button that discards it. */
export function DraftNotice({ draft }: { draft: FormDraft }) {
  if (!draft.restored) return null;
  return (
    // Not `role="status"`: that one is the pages' « Chargement… », which the browser tests wait out.
    <div className="notice notice--info" aria-live="polite" data-testid="draft-restored">
      <p>
        Votre saisie a été conservée : le formulaire est rempli comme vous l’aviez laissé.{' '}
        <button type="button" className="button button--tertiary" onClick={draft.discard}>
          Effacer la saisie conservée
        </button>
      </p>
    </div>
  );
}
