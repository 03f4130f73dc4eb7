/**
 * A commune picker: the ARIA 1.2 combobox pattern (an input with a listbox of suggestions).
 * Suggestions come from the public commune search as the user types; arrows move through them,
 * Enter chooses, Escape closes; a polite live region says how many there are. Picking with the
 * mouse or a finger works too. No token is ever sent: the commune search is public.
 */
import { usePublicQuery } from '../api/queries';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { getJson, messageOf } from '../api/http';
import type { CommuneSuggestion } from '../api/types';
import { fold } from '../labels';

interface Props {
  label: string;
  hint?: string;
  onSelect: (commune: CommuneSuggestion) => void;
  /** The user changed the text after a choice: the choice no longer holds. */
  onClear?: () => void;
  /** Id for the input (error links point to it). */
  id?: string;
  /** An error message of the surrounding form, shown under the field. */
  error?: string;
  /** What the input shows at first (an existing value, e.g. « Figeac »). */
  initialText?: string;
}

const MIN_CHARS = 2;
const DELAY_MS = 200;

export const communeLabel = (commune: CommuneSuggestion): string =>
  commune.postalCodes.length > 0 ? `${commune.name} (${commune.postalCodes.join(', ')})` : commune.name;

export function CommuneCombobox({ label, hint, onSelect, onClear, id, error, initialText = '' }: Props) {
  const generated = useId();
  const inputId = id ?? `${generated}-input`;
  const listId = `${generated}-list`;
  const hintId = `${generated}-hint`;
  const errorId = `${generated}-error`;
  const statusId = `${generated}-status`;
  const [text, setText] = useState(initialText);
  const [items, setItems] = useState<CommuneSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  /** What sighted users must see too: no commune found, or the search failed. */
  const [notice, setNotice] = useState('');
  /** The text of the last choice: no new search until the user types something else. */
  const chosen = useRef<string | null>(initialText || null);

  useEffect(() => {
    const q = text.trim();
    if (q.length < MIN_CHARS || q === chosen.current) {
      setNotice('');
      setItems([]);
      setOpen(false);
      // After a choice the status says which commune was chosen: leave it for screen readers.
      if (q !== chosen.current) setStatus(q.length > 0 ? 'Tapez au moins 2 caractères.' : '');
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      getJson<{ items: CommuneSuggestion[] }>(`/api/public/communes?q=${encodeURIComponent(q)}`, undefined, controller.signal).then(
        (answer) => {
          setItems(answer.items);
          setActive(-1);
          setOpen(answer.items.length > 0);
          setNotice(answer.items.length === 0 ? 'Aucune commune ne correspond.' : '');
          setStatus(
            answer.items.length === 0
              ? 'Aucune commune ne correspond.'
              : `${answer.items.length} commune${answer.items.length > 1 ? 's proposées' : ' proposée'}. Flèches haut et bas pour choisir, Entrée pour valider.`,
          );
        },
        (failure: unknown) => {
          if (controller.signal.aborted) return;
          setItems([]);
          setOpen(false);
          setNotice(`La recherche de communes a échoué : ${messageOf(failure)}`);
          setStatus(`La recherche de communes a échoué : ${messageOf(failure)}`);
        },
      );
    }, DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  // The option reached with the arrows stays in sight when the list scrolls.
  useEffect(() => {
    if (open && active >= 0) document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, listId]);

  const choose = (commune: CommuneSuggestion) => {
    const shown = communeLabel(commune);
    chosen.current = shown;
    setText(shown);
    setItems([]);
    setOpen(false);
    setActive(-1);
    setStatus(`${commune.name} choisie.`);
    onSelect(commune);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        if (items.length === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((i) => (i + 1) % items.length);
        return;
      case 'ArrowUp':
        if (items.length === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((i) => (i <= 0 ? items.length - 1 : i - 1));
        return;
      case 'Enter': {
        // A form around the field must not be submitted by the choice of a commune.
        const typed = fold(text.trim());
        const exact = items.find((c) => fold(c.name) === typed || c.postalCodes.includes(typed));
        const pick = open && active >= 0 ? items[active] : (exact ?? (items.length === 1 ? items[0] : undefined));
        if (pick) {
          event.preventDefault();
          choose(pick);
        } else if (items.length > 0) {
          event.preventDefault();
          setOpen(true);
          setStatus('Choisissez votre commune dans la liste.');
        }
        return;
      }
      case 'Escape':
        if (open) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        }
        return;
      default:
    }
  };

  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field combobox${error ? ' field--error' : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field__error" id={errorId}>
          {error}
        </span>
      ) : null}
      <div className="combobox__box">
        <input
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          value={text}
          onChange={(event) => {
            if (chosen.current !== null) onClear?.();
            chosen.current = null;
            setText(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <div className="combobox__list" id={listId} role="listbox" aria-label={`Suggestions : ${label}`} hidden={!open}>
          {items.map((commune, index) => (
            <div
              key={commune.code}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // Options are pointed at by aria-activedescendant; the focus stays in the input.
              tabIndex={-1}
              className={index === active ? 'combobox__option combobox__option--active' : 'combobox__option'}
              // The input keeps the focus (and the list stays open) while the option is pressed.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(commune)}
              onKeyDown={() => undefined}
            >
              <span className="combobox__name">{commune.name}</span>
              {commune.postalCodes.length > 0 ? <span className="combobox__postal"> {commune.postalCodes.join(', ')}</span> : null}
            </div>
          ))}
        </div>
      </div>
      {notice ? (
        <p className="combobox__notice" aria-hidden="true">
          {notice}
        </p>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite" id={statusId}>
        {status}
      </p>
    </div>
  );
}

/** A commune's name from its INSEE code (the public commune search answers a code first); the code until known. */
export function CommuneName({ code }: { code: string }) {
  const { state } = usePublicQuery<{ items: CommuneSuggestion[] }>(`/api/public/communes?q=${encodeURIComponent(code)}`);
  const name = state.status === 'ready' ? (state.value.items.find((c) => c.code === code)?.name ?? null) : null;
  return <>{name ? `${name} (${code})` : `Code INSEE ${code}`}</>;
}
